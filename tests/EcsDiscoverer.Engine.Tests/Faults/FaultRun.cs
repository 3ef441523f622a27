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
    private readonly DiscoverySettings _settings;
    private readonly FaultRunMode _mode;
    private int _exports;

    private FaultRun(EmulatorHarness harness, DiscoveryMetrics metrics, FaultRunMode mode)
    {
        Harness = harness;
        Metrics = metrics;
        _mode = mode;
        _settings = new DiscoverySettings { OutputDirectory = _directory.Path, Interval = TimeSpan.FromMilliseconds(10) };
        _loop = new DiscoveryLoop(harness.Engine(), harness.Session, _settings, new MetricsRoundRecorder(metrics, null));
    }

    public EmulatorHarness Harness { get; }

    public EcsEmulatorServer Server => Harness.Server;

    public DiscoveryMetrics Metrics { get; }

    public RecordingLoopLog Log { get; } = new();

    public string Directory => _directory.Path;

    public static async Task<FaultRun> StartAsync(EcsDiscoverer.Engine.Aws.Resilience.RetrySettings? retry = null, FaultRunMode mode = FaultRunMode.Loop)
    {
        var harness = await EmulatorHarness.StartAsync(FaultScenario.Json, retry ?? FaultScenario.Retry);
        var metrics = new DiscoveryMetrics("test", () => harness.Caches.Statistics());
        return new FaultRun(harness, metrics, mode);
    }

    /// <summary>Runs <paramref name="rounds"/> rounds; returns what they cost and warned, and the last report.</summary>
    public async Task<RoundOutcome> RoundsAsync(int rounds = 1)
    {
        Server.ResetCallCounts();
        var attemptsBefore = Harness.Session.Calls.Snapshot();
        var warningsBefore = Log.Warnings.Count;
        var reportsBefore = Log.Rounds.Count;
        if (_mode == FaultRunMode.Loop)
        {
            _loop.MaxRounds = rounds;
            await _loop.RunAsync(Log, default);
        }
        else
        {
            // Export-EcsFileSd in a session: each run is a new one-off round over the session's caches, which knows
            // of earlier runs only what the files say.
            for (var i = 0; i < rounds; i++)
            {
                var round = new DiscoveryRound(Harness.Engine(), Harness.Session, new RoundOptions(_settings, "us-east-1", oneOff: true), new MetricsRoundRecorder(Metrics, null));
                Log.RoundCompleted(await round.RunAsync(++_exports, null, Log, default));
            }
        }

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
        OutputFileNames.Default.All.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(Directory, f)), StringComparer.Ordinal);

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

/// <summary>How a <see cref="FaultRun"/> drives rounds: the loop, or Export-EcsFileSd runs one after another.</summary>
public enum FaultRunMode
{
    /// <summary>Start-EcsDiscoveryLoop.</summary>
    Loop,

    /// <summary>Export-EcsFileSd without pipeline input, run repeatedly (cron in one session).</summary>
    Export,
}
