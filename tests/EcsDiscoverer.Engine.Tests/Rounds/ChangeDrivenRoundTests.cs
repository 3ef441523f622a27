using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Memory;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Rounds;

/// <summary>
/// Issue 10: a steady round does only the listing. When every listed task is one the last round evaluated, the rules
/// do not run again and the files are not rendered again, as long as they are still on disk as the loop left them.
/// </summary>
public class ChangeDrivenRoundTests
{
    private static readonly DateTime Past = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static void AgeFiles(string directory)
    {
        foreach (var file in Directory.GetFiles(directory))
        {
            File.SetLastWriteTimeUtc(file, Past);
        }
    }

    [Fact(DisplayName = "Steady round: nothing changed, so nothing is rendered or written; a change, or a file touched by hand, is written again")]
    public async Task UnchangedRoundSkipsRendering()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var loop = new DiscoveryLoop(harness.Engine(), harness.Session, new DiscoverySettings { OutputDirectory = directory.Path }, null);
        var log = new RecordingLoopLog();
        var first = await loop.RunRoundAsync(1, log, default);
        var before = Directory.GetFiles(directory.Path).ToDictionary(f => f, File.ReadAllText);

        var steady = await loop.RunRoundAsync(2, log, default);
        Assert.Equal(RoundResult.Success, steady.Result);
        Assert.Equal(first.TargetsByFile, steady.TargetsByFile);
        Assert.Contains(log.VerboseLines, l => l.StartsWith("Nothing changed since round 1;", StringComparison.Ordinal));

        // A file replaced by hand (another writer, a restore) no longer matches what the loop left: render again.
        var generic = Path.Combine(directory.Path, "tasks.json");
        File.WriteAllText(generic, "[]\n");
        await loop.RunRoundAsync(3, log, default);
        Assert.Equal(before[generic], File.ReadAllText(generic));

        // A stopped task is a change.
        Assert.True(harness.Server.Scenario.RemoveTask("demo-fargate", "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c05"));
        var changed = await loop.RunRoundAsync(4, log, default);
        Assert.Equal(first.TotalTargets - 1, changed.TotalTargets);
        Assert.DoesNotContain("fargate-checkout", File.ReadAllText(generic), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Steady round: the evaluations of cached tasks are reused only under the same rules")]
    public async Task EvaluationsFollowTheRules()
    {
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var engine = harness.Engine();
        var first = await engine.DiscoverAsync(new DiscoveryRequest(), null, default);
        var again = await engine.DiscoverAsync(new DiscoveryRequest(), null, default);
        Assert.Equal(first.Targets.Select(t => t.Target), again.Targets.Select(t => t.Target));
        // The same objects: the rules did not run again, though the demo has pending and unbound tasks described each round.
        Assert.All(first.Targets, t => Assert.Contains(again.Targets, a => ReferenceEquals(a, t)));
        Assert.False(again.Changed);

        var renamed = new RuleSettings { LabelNames = new LabelNames { Cluster = "ecs_cluster" } };
        var other = await harness.Engine(new DiscoveryOptions { Rules = renamed }).DiscoverAsync(new DiscoveryRequest(), null, default);
        Assert.All(other.Targets.Where(t => t.Labels.ContainsKey("instance_id")), t => Assert.True(t.Labels.ContainsKey("ecs_cluster")));
        Assert.DoesNotContain(other.Targets, t => t.Labels.ContainsKey("cluster"));
    }

    [Fact(DisplayName = "LabelDictionary: sorted by name, looked up by binary search, names and repeated values shared through the pool")]
    public void LabelDictionaryLooksUp()
    {
        var pool = new StringPool();
        var prod = pool.Share("prod");
        var address = new string("10.0.0.1:9100".ToCharArray());
        var labels = LabelDictionary.From(
            new[] { new System.Collections.Generic.KeyValuePair<string, string>("job", "web"), new("__metrics_path__", "/m"), new("cluster", new string("prod".ToCharArray())), new("instance", address) },
            pool,
            value => value == address);
        Assert.Equal(new[] { "__metrics_path__", "cluster", "instance", "job" }, labels.Keys);
        Assert.Same(prod, labels["cluster"]);
        Assert.Same(address, labels["instance"]);
        Assert.Equal(7, pool.Count); // prod, the four names, /m and web: not the address
        Assert.True(labels.TryGetValue("job", out var job));
        Assert.Equal("web", job);
        Assert.False(labels.ContainsKey("task_id"));
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => labels["task_id"]);
        Assert.Equal(4, labels.Count);
    }

    [Fact(DisplayName = "Steady round: two loops of one process share the caches; the second still writes a change the first applied to them")]
    public async Task SharedCachesStillWriteEachLoopsFiles()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var loopA = new DiscoveryLoop(harness.Engine(), harness.Session, new DiscoverySettings { OutputDirectory = first.Path }, null);
        var loopB = new DiscoveryLoop(harness.Engine(), harness.Session, new DiscoverySettings { OutputDirectory = second.Path }, null);
        var log = new RecordingLoopLog();
        await loopA.RunRoundAsync(1, log, default);
        await loopB.RunRoundAsync(1, log, default);

        // Loop A sees the stop first and updates the shared task cache; loop B's engine then finds nothing new.
        Assert.True(harness.Server.Scenario.RemoveTask("demo-fargate", "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c05"));
        await loopA.RunRoundAsync(2, log, default);
        await loopB.RunRoundAsync(2, log, default);
        Assert.Equal(File.ReadAllText(Path.Combine(first.Path, "tasks.json")), File.ReadAllText(Path.Combine(second.Path, "tasks.json")));
        Assert.DoesNotContain("fargate-checkout", File.ReadAllText(Path.Combine(second.Path, "tasks.json")), StringComparison.Ordinal);
    }
}
