using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Engine.Tests.Support;

namespace EcsDiscoverer.Engine.Tests.Faults;

/// <summary>
/// A discovery loop over <see cref="FaultScenario"/> against its own emulator, driven round by round: what each
/// round wrote, reported, warned and cost in API calls, plus the self-metrics the loop fed.
/// </summary>
internal sealed class FaultRun : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly DiscoveryLoop _loop;

    private FaultRun(EmulatorHarness harness, DiscoveryMetrics metrics)
    {
        Harness = harness;
        Metrics = metrics;
        _loop = new DiscoveryLoop(
            harness.Engine(),
            harness.Session,
            new DiscoverySettings { OutputDirectory = _directory.Path, Interval = TimeSpan.FromMilliseconds(10) },
            new MetricsRoundRecorder(metrics, null));
    }

    public EmulatorHarness Harness { get; }

    public EcsEmulatorServer Server => Harness.Server;

    public DiscoveryMetrics Metrics { get; }

    public RecordingLoopLog Log { get; } = new();

    public string Directory => _directory.Path;

    public static async Task<FaultRun> StartAsync(EcsDiscoverer.Engine.Aws.Resilience.RetrySettings? retry = null)
    {
        var harness = await EmulatorHarness.StartAsync(FaultScenario.Json, retry ?? FaultScenario.Retry);
        var metrics = new DiscoveryMetrics("test", () => harness.Caches.Statistics());
        return new FaultRun(harness, metrics);
    }

    /// <summary>Runs <paramref name="rounds"/> rounds; returns what they cost and warned, and the last report.</summary>
    public async Task<RoundOutcome> RoundsAsync(int rounds = 1)
    {
        Server.ResetCallCounts();
        var attemptsBefore = Harness.Session.Calls.Snapshot();
        var warningsBefore = Log.Warnings.Count;
        var reportsBefore = Log.Rounds.Count;
        _loop.MaxRounds = rounds;
        await _loop.RunAsync(Log, default);
        var failedAttempts = Harness.Session.Calls.Snapshot().Where(c => c.Outcome != EcsDiscoverer.Engine.Aws.Resilience.AwsCallOutcome.Ok).Sum(c => c.Count)
            - attemptsBefore.Where(c => c.Outcome != EcsDiscoverer.Engine.Aws.Resilience.AwsCallOutcome.Ok).Sum(c => c.Count);
        return new RoundOutcome(
            Log.Rounds.Skip(reportsBefore).ToList(),
            Files(),
            Server.CallCounts.Where(c => !c.Key.StartsWith("throttled:", StringComparison.Ordinal)).Sum(c => c.Value),
            failedAttempts,
            // Overrun warnings are about the short test interval, not about faults.
            Log.Warnings.Skip(warningsBefore).Where(w => !w.Contains("longer than the interval", StringComparison.Ordinal)).ToList());
    }

    /// <summary>The five files as text.</summary>
    public IReadOnlyDictionary<string, string> Files() =>
        ScrapeIntervals.All.Select(ScrapeIntervals.FileName).ToDictionary(f => f, f => File.ReadAllText(Path.Combine(Directory, f)), StringComparer.Ordinal);

    /// <summary>The target groups of all files as canonical JSON strings, each prefixed by its file name; sorted.</summary>
    public static List<string> Groups(IReadOnlyDictionary<string, string> files, Func<string, bool>? cluster = null) =>
        files
            .SelectMany(f => JsonNode.Parse(f.Value)!.AsArray().Select(g => (File: f.Key, Group: g!.AsObject())))
            .Where(g => cluster is null || cluster(g.Group["labels"]?["cluster"]?.GetValue<string>() ?? ""))
            .Select(g => g.File + " " + g.Group.ToJsonString())
            .Order(StringComparer.Ordinal)
            .ToList();

    public double ClusterFailures(string cluster) =>
        Telemetry.PrometheusText.Parse(Metrics.ToText()).Find("ecs_discoverer_cluster_failures_total", "cluster=" + cluster) ?? 0;

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>What some rounds of a <see cref="FaultRun"/> did.</summary>
internal sealed record RoundOutcome(
    IReadOnlyList<RoundReport> Reports,
    IReadOnlyDictionary<string, string> Files,
    int Requests,
    long FailedAttempts,
    IReadOnlyList<string> Warnings)
{
    public RoundReport Last => Reports[^1];
}
