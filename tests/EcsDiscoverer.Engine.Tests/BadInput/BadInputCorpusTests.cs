using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>Runs the whole corpus once (emulator, production clients, engine, renderer) for all the tests of the class.</summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    internal CorpusRun Run { get; private set; } = null!;

    public async Task InitializeAsync() => Run = await CorpusRun.RunAsync(BadInputCorpus.Cases);

    public Task DisposeAsync() => Task.CompletedTask;
}

public class BadInputCorpusTests : IClassFixture<CorpusFixture>
{
    private readonly CorpusRun _run;
    private readonly ITestOutputHelper _output;

    public BadInputCorpusTests(CorpusFixture fixture, ITestOutputHelper output)
    {
        _run = fixture.Run;
        _output = output;
    }

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var corpusCase in BadInputCorpus.Cases)
            {
                data.Add(corpusCase.Id, corpusCase.Description);
            }

            return data;
        }
    }

    [Theory(DisplayName = "Bad input: the case gives what the rules say, in files Prometheus accepts")]
    [MemberData(nameof(Cases))]
    public void Case(string id, string description)
    {
        Assert.Null(_run.Error);
        var outcome = _run.Outcomes[id];
        var problems = outcome.Case.Expected.Problems(outcome).ToList();
        Assert.True(problems.Count == 0, $"{id} ({description}):\n  " + string.Join("\n  ", problems));
    }

    [Fact(DisplayName = "Bad input: discovery of the whole corpus never throws and its five files satisfy the invariant")]
    public void WholeCorpus()
    {
        Assert.Null(_run.Error);
        FileSdInvariant.AssertHolds(_run.Violations, "the whole corpus");
        Assert.Equal(FileSdInvariant.FileNames.OrderBy(n => n, StringComparer.Ordinal), _run.Files.Select(f => f.FileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(_run.Result.Targets.Count, _run.Files.Sum(f => f.GroupCount));

        // Only the clusters that hold a task the API model cannot describe fail; everything else was discovered.
        var expectedFailures = BadInputCorpus.Cases.Where(c => c.Cluster.StartsWith("malformed-", StringComparison.Ordinal)).Select(c => c.Cluster).OrderBy(c => c, StringComparer.Ordinal);
        Assert.Equal(expectedFailures, _run.Result.Failures.Select(f => ArnParts.ClusterName(f.Cluster)).OrderBy(c => c, StringComparer.Ordinal));
        Assert.Contains(BadInputCorpus.MainCluster, _run.Result.DiscoveredClusters);

        // Every target and skip record belongs to a case: nothing leaked from one case into another.
        var arns = BadInputCorpus.Cases.Select(c => c.TaskArn).ToHashSet(StringComparer.Ordinal);
        Assert.All(_run.Result.Targets, t => Assert.Contains(t.TaskArn, arns));
        Assert.All(_run.Result.Skipped, s => Assert.Contains(s.TaskArn, arns));
        Assert.Equal(_run.Result.Targets.Count, _run.Outcomes.Values.Sum(o => o.Targets.Count));
        Assert.Equal(_run.Result.Skipped.Count, _run.Outcomes.Values.Sum(o => o.Skipped.Count));

        foreach (var category in BadInputCorpus.Cases.GroupBy(c => c.Category))
        {
            _output.WriteLine($"{category.Key}: {category.Count()} cases");
        }

        foreach (var kind in BadInputCorpus.Cases.GroupBy(c => c.Expected.Summary.Split(' ')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"expected '{kind.Key} ...': {kind.Count()} cases");
        }

        _output.WriteLine($"lone surrogates: {BadInputCorpus.Cases.Count(c => c.Task.ToJsonString().Contains(HostileText.LoneSurrogateToken, StringComparison.Ordinal) || c.TaskDefinition?.ToJsonString().Contains(HostileText.LoneSurrogateToken, StringComparison.Ordinal) == true)} cases");
        _output.WriteLine($"total: {BadInputCorpus.Cases.Count} cases; {_run.Result.Targets.Count} target groups, {_run.Result.Skipped.Count} skip records, {_run.Result.Failures.Count} failed clusters");
        foreach (var reason in _run.Result.Skipped.GroupBy(s => s.Reason).OrderBy(g => g.Key))
        {
            _output.WriteLine($"  skipped {SkipReasons.Name(reason.Key)}: {reason.Count()}");
        }
    }

    [Fact(DisplayName = "Bad input: every category of the brief has cases, and every case id is unique")]
    public void CorpusShape()
    {
        var categories = BadInputCorpus.Cases.Select(c => c.Category).Distinct().ToList();
        Assert.Equal(
            new[] { "marker", "port", "container-port", "endpoint", "nolabels", "label-name", "label-value", "override", "task-definition", "task", "address", "wrong-type", "arn" },
            categories);
        Assert.Equal(BadInputCorpus.Cases.Count, BadInputCorpus.Cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(BadInputCorpus.Cases.Count, BadInputCorpus.Cases.Select(c => c.TaskArn).Distinct(StringComparer.Ordinal).Count());

        // Each hostile value is tried on each setting.
        foreach (var setting in new[] { "PROMETHEUS=", "PROMETHEUS_PORT=", "PROMETHEUS_CONTAINER_PORT=", "PROMETHEUS_NOLABELS=" })
        {
            foreach (var (name, _) in HostileText.Values)
            {
                Assert.Contains(BadInputCorpus.Cases, c => c.Description.Contains(setting + name, StringComparison.Ordinal));
            }
        }
    }

    [Fact(DisplayName = "Bad input: WriteFileSdAsync writes the corpus' five files for other tests (e.g. a real Prometheus)")]
    public async Task WritesFilesForOtherTests()
    {
        using var directory = new TempDirectory();
        var run = await BadInputCorpus.WriteFileSdAsync(directory.Path);

        FileSdInvariant.AssertHolds(FileSdInvariant.CheckDirectory(directory.Path), directory.Path);
        foreach (var file in _run.Files)
        {
            // Same input, same bytes (deterministic output).
            Assert.Equal(file.Content, File.ReadAllBytes(Path.Combine(directory.Path, file.FileName)));
        }

        Assert.True(run.Files.Sum(f => f.GroupCount) > 1000);
        Assert.Equal(FileSdInvariant.FileNames.Count, Directory.GetFiles(directory.Path).Length);
    }

    [Fact(DisplayName = "Bad input: WriteScenario writes a scenario the emulator loads")]
    public void WritesScenario()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "bad-input.json");
        BadInputCorpus.WriteScenario(path);

        var text = File.ReadAllText(path);
        Assert.Contains(HostileText.LoneSurrogateToken, text, StringComparison.Ordinal);
        var scenario = EmulatorScenario.Load(path);
        Assert.Equal(BadInputCorpus.Region, scenario.Region);
    }
}
