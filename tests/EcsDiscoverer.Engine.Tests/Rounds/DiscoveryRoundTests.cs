using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Rounds;

/// <summary>
/// Issue 9: the one round unit. Whichever way the files are written (the loop, a cron export, a filtered pipeline),
/// nothing is lost: R8 lets the files alone attribute every group, R10 keeps failed clusters' groups, a selection that
/// matches nothing is an error, and R11 (the churn guard) holds large drops.
/// </summary>
public class DiscoveryRoundTests
{
    private const string FargateJob = "fargate-checkout";

    // demo-ec2 tasks whose removal drops 7 of the cluster's 10 groups (the multi-endpoint task has 3).
    private static readonly string[] MostEc2Tasks =
    {
        "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c01", "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c02", "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c04",
        "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c06", "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c07",
    };

    private static DiscoverySettings Settings(string directory, params string[] clusters) =>
        new() { OutputDirectory = directory, Clusters = clusters };

    // R11 on, at 50 %.
    private static DiscoverySettings Guarded(string directory, params string[] clusters)
    {
        var settings = Settings(directory, clusters);
        settings.ChurnGuard.MaxDrop = 0.5;
        return settings;
    }

    private static void RemoveEc2Tasks(EmulatorHarness harness, IEnumerable<string> tasks)
    {
        foreach (var task in tasks)
        {
            Assert.True(harness.Server.Scenario.RemoveTask("demo-ec2", task));
        }
    }

    private static DiscoveryRound OneOff(EmulatorHarness harness, DiscoverySettings settings, bool force = false) =>
        new(harness.Engine(), harness.Session, new RoundOptions(settings, "us-east-1", oneOff: true), null) { Force = force };

    private static Dictionary<string, byte[]> Snapshot(string directory) =>
        OutputFileNames.Default.All.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(directory, f)), StringComparer.Ordinal);

    private static List<FileSdGroup> Written(string directory) => FileSdReader.ReadDirectory(directory).ToList();

    [Fact(DisplayName = "R10: a filtered pipeline keeps a failed cluster's last good groups from the files")]
    public async Task FilteredPipelineKeepsFailedCluster()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        await OneOff(harness, Settings(directory.Path)).RunAsync(1, null, new RecordingLoopLog(), default);
        Assert.Equal(11, Written(directory.Path).Count);

        harness.Server.InjectFault(EmulatorFault.AccessDenied("ecs:ListTasks") with { Cluster = "demo-fargate", Times = null });
        var result = await harness.DiscoverAsync();
        Assert.Equal("demo-fargate", Assert.Single(result.Failures).Name);
        var filtered = result.Targets.Where(t => t.Job != "bridge-dynamic-port").Select(FileSdGroup.From).ToList();
        var piped = new DiscoveryRound(null, new RoundOptions(Settings(directory.Path), "us-east-1", oneOff: true), null);
        var log = new RecordingLoopLog();
        var report = piped.Run(new PipedTargets(filtered, result.Outcome), log);

        var groups = Written(directory.Path);
        Assert.Equal(RoundResult.Partial, report.Result);
        Assert.Equal(10, groups.Count);
        Assert.Contains(groups, g => g.Job == FargateJob);
        Assert.DoesNotContain(groups, g => g.Job == "bridge-dynamic-port");
        Assert.Contains(log.Warnings, w => w.Contains("Cluster demo-fargate failed this round; kept its 1 target group(s)", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R10: hand-made pipeline objects carry no outcome: the files hold exactly what was piped")]
    public async Task HandMadeObjects()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        await OneOff(harness, Settings(directory.Path)).RunAsync(1, null, new RecordingLoopLog(), default);
        var one = new FileSdGroup(ScrapeInterval.Generic, "10.1.1.1:80", "hand", "/metrics", new SortedDictionary<string, string> { ["job"] = "hand" });
        var piped = new DiscoveryRound(null, new RoundOptions(Settings(directory.Path), "us-east-1", oneOff: true), null);
        var report = piped.Run(new PipedTargets(new[] { one }, DiscoveryOutcome.Combine(Array.Empty<DiscoveryOutcome>())), new RecordingLoopLog());
        Assert.Equal(RoundResult.Success, report.Result);
        Assert.Equal("hand", Assert.Single(Written(directory.Path)).Job);
    }

    [Fact(DisplayName = "R8+R10: a cron export keeps a failed cluster's PROMETHEUS_NOLABELS group, since every group names its cluster")]
    public async Task CronKeepsNoLabelsGroups()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        await OneOff(harness, Settings(directory.Path)).RunAsync(1, null, new RecordingLoopLog(), default);
        var before = Snapshot(directory.Path);
        var noLabels = Assert.Single(Written(directory.Path), g => g.Job == "nolabels-pushgateway");
        Assert.Equal("demo-ec2", noLabels.Cluster);
        Assert.All(Written(directory.Path), g => Assert.NotNull(g.Cluster));

        harness.StartNewProcess();
        harness.Server.InjectFault(EmulatorFault.AccessDenied("ecs:ListTasks") with { Cluster = "demo-ec2", Times = null });
        var log = new RecordingLoopLog();
        var report = await OneOff(harness, Settings(directory.Path)).RunAsync(1, null, log, default);

        Assert.Equal(RoundResult.Partial, report.Result);
        Assert.Equal(before, Snapshot(directory.Path));
        Assert.Contains(log.Warnings, w => w.Contains("Cluster demo-ec2 failed this round; kept its 10 target group(s)", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.StartsWith("Cluster demo-ec2 could not be discovered:", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R12: a wildcard that matches nothing fails the round, writes nothing, and says where it looked")]
    public async Task SelectionMatchingNothing()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        await OneOff(harness, Settings(directory.Path)).RunAsync(1, null, new RecordingLoopLog(), default);
        var before = Snapshot(directory.Path);

        var log = new RecordingLoopLog();
        var report = await OneOff(harness, Settings(directory.Path, "prod-*")).RunAsync(1, null, log, default);

        Assert.Equal(RoundResult.Failed, report.Result);
        Assert.Equal(RoundFailureKind.Discovery, report.FailureKind);
        Assert.Empty(report.TargetsByFile);
        Assert.Equal(before, Snapshot(directory.Path));
        var error = Assert.IsType<ClusterSelectionException>(report.Error);
        Assert.Contains("matches 'prod-*'", error.Message, StringComparison.Ordinal);
        Assert.Contains("region us-east-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("account ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Clusters there: demo-ec2, demo-fargate.", error.Message, StringComparison.Ordinal);
        Assert.Contains(log.Warnings, w => w == error.Message);
    }

    [Fact(DisplayName = "R12: beside a matching cluster, a wildcard that matches nothing keeps the groups of the clusters it covers")]
    public async Task PartlyUnmatchedSelection()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var settings = Settings(directory.Path, "demo-ec2", "demo-farg*");
        await OneOff(harness, settings).RunAsync(1, null, new RecordingLoopLog(), default);
        Assert.True(harness.Server.Scenario.RemoveCluster("demo-fargate"));

        var report = await OneOff(harness, settings).RunAsync(2, null, new RecordingLoopLog(), default);

        Assert.Equal(RoundResult.Partial, report.Result);
        Assert.Equal(new[] { "demo-farg*" }, report.FailedClusters);
        Assert.Contains(Written(directory.Path), g => g.Job == FargateJob);
        Assert.Equal(11, Written(directory.Path).Count);
    }

    [Fact(DisplayName = "R12: an account that really has no cluster, with no selection given, gets empty files")]
    public async Task NoClusterAtAll()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync("""{"region":"us-east-1","clusters":[]}""");
        var report = await OneOff(harness, Settings(directory.Path)).RunAsync(1, null, new RecordingLoopLog(), default);
        Assert.Equal(RoundResult.Success, report.Result);
        Assert.All(Snapshot(directory.Path).Values, content => Assert.Equal("[]\n", System.Text.Encoding.UTF8.GetString(content)));
    }

    [Fact(DisplayName = "R11: the loop holds a large drop, then applies it once seen in TARGET_DROP_ROUNDS consecutive rounds")]
    public async Task LoopHoldsThenApplies()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var settings = Guarded(directory.Path);
        settings.ChurnGuard.Rounds = 2;
        var loop = new DiscoveryLoop(harness.Engine(), harness.Session, settings, null);
        var log = new RecordingLoopLog();
        await loop.RunRoundAsync(1, log, default);
        var before = Snapshot(directory.Path);
        RemoveEc2Tasks(harness, MostEc2Tasks);

        var held = await loop.RunRoundAsync(2, log, default);
        Assert.Equal(RoundResult.Partial, held.Result);
        Assert.Equal(new[] { "demo-ec2" }, held.HeldClusters);
        Assert.Equal(before, Snapshot(directory.Path));
        Assert.Contains(log.Warnings, w => w.Contains("Cluster demo-ec2: this round would remove 7 of its 10 target group(s) (70%, more than MAX_TARGET_DROP 50%); its previous targets were kept (1 of 2 rounds)", StringComparison.Ordinal));

        var applied = await loop.RunRoundAsync(3, log, default);
        Assert.Equal(RoundResult.Success, applied.Result);
        Assert.Empty(applied.HeldClusters);
        Assert.Equal(4, Written(directory.Path).Count);
    }

    [Fact(DisplayName = "R11: a one-off export keeps the previous targets of a large drop unless forced")]
    public async Task OneOffHoldsUnlessForced()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var settings = Guarded(directory.Path);
        await OneOff(harness, settings).RunAsync(1, null, new RecordingLoopLog(), default);
        var before = Snapshot(directory.Path);
        RemoveEc2Tasks(harness, MostEc2Tasks);

        var log = new RecordingLoopLog();
        var held = await OneOff(harness, settings).RunAsync(2, null, log, default);
        Assert.Equal(new[] { "demo-ec2" }, held.HeldClusters);
        Assert.Equal(before, Snapshot(directory.Path));
        Assert.Contains(log.Warnings, w => w.EndsWith("its previous targets were kept. If the drop is real, run again with -Force.", StringComparison.Ordinal));

        var again = await OneOff(harness, settings).RunAsync(3, null, new RecordingLoopLog(), default);
        Assert.Equal(new[] { "demo-ec2" }, again.HeldClusters);

        var forced = await OneOff(harness, settings, force: true).RunAsync(4, null, new RecordingLoopLog(), default);
        Assert.Equal(RoundResult.Success, forced.Result);
        Assert.Equal(4, Written(directory.Path).Count);
    }

    [Fact(DisplayName = "R11: a drop within the fraction is applied at once; with the guard off any drop is")]
    public async Task SmallDropsAndGuardOff()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var guarded = Guarded(directory.Path);
        await OneOff(harness, guarded).RunAsync(1, null, new RecordingLoopLog(), default);
        RemoveEc2Tasks(harness, MostEc2Tasks.Take(1));
        var small = await OneOff(harness, guarded).RunAsync(2, null, new RecordingLoopLog(), default);
        Assert.Empty(small.HeldClusters);
        Assert.Equal(10, Written(directory.Path).Count);

        RemoveEc2Tasks(harness, MostEc2Tasks.Skip(1));

        var off = await OneOff(harness, Settings(directory.Path)).RunAsync(3, null, new RecordingLoopLog(), default);
        Assert.Equal(RoundResult.Success, off.Result);
        Assert.Equal(4, Written(directory.Path).Count);
    }

    [Fact(DisplayName = "R11: a cluster gone from the selection counts as dropping all its groups")]
    public async Task ClusterGoneFromSelection()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        await OneOff(harness, Guarded(directory.Path)).RunAsync(1, null, new RecordingLoopLog(), default);
        var report = await OneOff(harness, Guarded(directory.Path, "demo-ec2")).RunAsync(2, null, new RecordingLoopLog(), default);
        Assert.Equal(new[] { "demo-fargate" }, report.HeldClusters);
        Assert.Contains(Written(directory.Path), g => g.Job == FargateJob);
    }

    [Theory(DisplayName = "R11: a large drop is more than the fraction of the previous groups, and never from nothing")]
    [InlineData(10, 5, 0.5, false)]
    [InlineData(10, 6, 0.5, true)]
    [InlineData(1, 1, 0.5, true)]
    [InlineData(0, 0, 0.5, false)]
    [InlineData(10, 0, 0.01, false)]
    [InlineData(100, 2, 0.01, true)]
    [InlineData(3, 3, 0.999, true)]
    public void LargeDrop(int previous, int removed, double maxDrop, bool expected) =>
        Assert.Equal(expected, ChurnGuard.IsLargeDrop(previous, removed, maxDrop));

    [Theory(DisplayName = "R10: a failed cluster covers its own name; a failed wildcard every name it matches")]
    [InlineData("prod-eu", "prod-eu", true)]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/prod-eu", "prod-eu", true)]
    [InlineData("prod-eu", "prod-us", false)]
    [InlineData("prod-*", "prod-us", true)]
    [InlineData("prod-*", "staging", false)]
    public void FailureCovers(string cluster, string name, bool expected) =>
        Assert.Equal(expected, new ClusterFailure(cluster, new InvalidOperationException("x")).Covers(name));
}
