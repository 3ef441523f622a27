using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Rounds;

/// <summary>Issue 3 (loop): rounds, reports, failed rounds survived, stale-while-error from memory (R10), cancellation.</summary>
public class DiscoveryLoopTests
{

    private static DiscoveryLoop Loop(EmulatorHarness harness, string directory, TimeSpan interval, int rounds, params string[] clusters) =>
        new(harness.Engine(), harness.Session, new DiscoverySettings { OutputDirectory = directory, Interval = interval, Clusters = clusters }, null)
        {
            MaxRounds = rounds,
        };

    private static string[] ReadAll(string directory) =>
        ScrapeIntervalsFiles.Select(f => File.ReadAllText(Path.Combine(directory, f))).ToArray();

    private static readonly string[] ScrapeIntervalsFiles = { "15s-tasks.json", "30s-tasks.json", "1m-tasks.json", "5m-tasks.json", "tasks.json" };

    [Fact(DisplayName = "Loop: three rounds write the files; after the first, a round costs only ListTasks and is answered from the caches")]
    public async Task RoundsAndReports()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        await Loop(harness, directory.Path, TimeSpan.FromMilliseconds(100), 3, "demo-ec2", "demo-fargate").RunAsync(log, default);

        Assert.Equal(new[] { 1, 2, 3 }, log.Rounds.Select(r => r.Round));
        Assert.All(log.Rounds, r => Assert.Equal(RoundResult.Success, r.Result));
        Assert.Equal(11, log.Rounds[0].TotalTargets);
        Assert.Equal(5, log.Rounds[0].TargetsByFile.Count);
        // One ListTasks page per cluster, and the demo's PENDING task described again until it runs.
        Assert.Equal(3, log.Rounds[2].ApiCalls);
        Assert.Equal(1, log.Rounds[2].CacheMisses);
        Assert.True(log.Rounds[2].CacheHits > 10);
        Assert.Contains("Round 3 success", log.Rounds[2].ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory.Path, "*" + AtomicFileWriter.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact(DisplayName = "Loop (R10): a cluster that fails keeps its last good targets from memory, PROMETHEUS_NOLABELS groups included")]
    public async Task StaleWhileErrorFromMemory()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var loop = Loop(harness, directory.Path, TimeSpan.FromMilliseconds(50), 1, "demo-ec2", "demo-fargate");
        var log = new RecordingLoopLog();
        await loop.RunAsync(log, default);
        var good = ReadAll(directory.Path);
        Assert.Contains(good, f => f.Contains("nolabels-pushgateway", StringComparison.Ordinal));

        Assert.True(harness.Server.Scenario.RemoveCluster("demo-ec2"));
        await loop.RunAsync(log, default);
        var partial = log.Rounds[^1];
        Assert.Equal(RoundResult.Partial, partial.Result);
        Assert.Equal(new[] { "demo-ec2" }, partial.FailedClusters);
        Assert.Equal(good, ReadAll(directory.Path));
        Assert.Contains(log.Warnings, w => w.Contains("demo-ec2", StringComparison.Ordinal) && w.Contains("last good round", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Loop: a round in which everything fails writes nothing, is reported with the AWS error, and the loop goes on")]
    public async Task FailedRoundsAreSurvived()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var loop = Loop(harness, directory.Path, TimeSpan.FromMilliseconds(50), 1, "demo-ec2", "demo-fargate");
        var log = new RecordingLoopLog();
        await loop.RunAsync(log, default);
        var good = ReadAll(directory.Path);

        harness.Server.InjectFault("ecs:ListTasks", "AccessDeniedException", times: 100, statusCode: 400);
        loop.MaxRounds = 2;
        await loop.RunAsync(log, default);
        Assert.Equal(new[] { RoundResult.Success, RoundResult.Failed, RoundResult.Failed }, log.Rounds.Select(r => r.Result));
        Assert.Equal(good, ReadAll(directory.Path));
        Assert.Contains(log.Warnings, w => w.Contains("ecs:ListTasks", StringComparison.Ordinal) && w.Contains("Allow the IAM action", StringComparison.Ordinal));
        Assert.Empty(log.Rounds[^1].TargetsByFile);

        harness.Server.ClearFaults();
        loop.MaxRounds = 1;
        await loop.RunAsync(log, default);
        Assert.Equal(RoundResult.Success, log.Rounds[^1].Result);
    }

    [Fact(DisplayName = "Loop: an output directory that cannot be created fails the round, not the loop")]
    public async Task UnwritableDirectory()
    {
        using var directory = new TempDirectory();
        var blocker = directory.File("not-a-directory");
        File.WriteAllText(blocker, "");
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        await Loop(harness, Path.Combine(blocker, "targets"), TimeSpan.FromMilliseconds(50), 2).RunAsync(log, default);
        Assert.Equal(new[] { RoundResult.Failed, RoundResult.Failed }, log.Rounds.Select(r => r.Result));
        Assert.Contains("could not be written", log.Rounds[0].FailureMessage, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Loop: cancelling while it waits for the next round returns at once")]
    public async Task CancelWhileWaiting()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        using var stop = new CancellationTokenSource();
        var running = Loop(harness, directory.Path, TimeSpan.FromMinutes(5), 0).RunAsync(log, stop.Token);
        while (log.Rounds.Count == 0)
        {
            await Task.Delay(20);
        }

        var watch = Stopwatch.StartNew();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact(DisplayName = "Loop: a warning repeated by the next round is not repeated in the log")]
    public async Task RepeatedWarningsAreQuiet()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        harness.Server.InjectFault("ecs:DescribeTaskDefinition", "ClientException", times: 1000, statusCode: 400);
        var log = new RecordingLoopLog();
        await Loop(harness, directory.Path, TimeSpan.FromMilliseconds(20), 3, "demo-fargate").RunAsync(log, default);
        var warnings = log.Warnings.Where(w => w.Contains("could not be described", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains(log.VerboseLines, v => v.StartsWith("(again) ", StringComparison.Ordinal));
    }
}
