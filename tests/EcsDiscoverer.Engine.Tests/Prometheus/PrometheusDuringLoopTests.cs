using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// Issue 4 part 4: while a discovery loop rewrites the files through task churn and injected AWS faults,
/// a real Prometheus never fails to read a file and only ever shows a state the loop wrote (R10).
/// </summary>
public class PrometheusDuringLoopTests : IClassFixture<PrometheusFixture>
{
    private static readonly TimeSpan LoopDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RoundInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ChangeInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(200);

    private readonly PrometheusFixture _prometheus;
    private readonly ITestOutputHelper _output;

    public PrometheusDuringLoopTests(PrometheusFixture prometheus, ITestOutputHelper output)
    {
        _prometheus = prometheus;
        _output = output;
    }

    [Fact(DisplayName = "Prometheus (R10): a loop rewriting the files through task churn and AWS faults causes no file_sd read error, and Prometheus only shows written states")]
    public async Task LoopRewritesAreAlwaysReadable()
    {
        var prometheus = _prometheus.Server;
        var directory = await _prometheus.ResetAsync();
        var readErrorsBefore = await prometheus.FileSdReadErrorsAsync();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var states = new WrittenFileStates(directory);
        var rounds = new RecordingLoopLog();
        var loop = new DiscoveryLoop(
            harness.Engine(),
            harness.Session,
            new DiscoverySettings { OutputDirectory = directory, Interval = RoundInterval, Clusters = new[] { "demo-ec2", "demo-fargate" } },
            null);

        var watch = Stopwatch.StartNew();
        var samples = new List<IReadOnlyDictionary<string, IReadOnlyList<string>>>();
        var churn = new ScenarioChurn(harness);
        using (var stop = new CancellationTokenSource())
        {
            var running = loop.RunAsync(new FileCapturingLoopLog(rounds, states), stop.Token);
            var nextChange = TimeSpan.Zero;
            while (watch.Elapsed < LoopDuration && !running.IsCompleted)
            {
                if (watch.Elapsed >= nextChange)
                {
                    churn.Step();
                    nextChange += ChangeInterval;
                }

                samples.Add((await prometheus.GetTargetsAsync()).KeysByPool());
                await Task.Delay(SampleInterval);
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        // A round cancelled mid-way may have replaced files after the last capture; each at most once.
        states.Capture();
        var loopTime = watch.Elapsed;
        var final = await prometheus.WaitForFilesAsync(TimeSpan.FromSeconds(45));
        samples.Add(final.KeysByPool());

        var results = rounds.Rounds.GroupBy(r => r.Result).ToDictionary(g => g.Key, g => g.Count());
        var observed = samples.Select(s => string.Join("\n--\n", PrometheusConfig.OutputFiles.Select(f => WrittenFileStates.State(Keys(s, PrometheusConfig.JobName(f)))))).Distinct().Count();
        _output.WriteLine(
            $"{rounds.Rounds.Count} rounds in {loopTime.TotalSeconds:0.0} s ({string.Join(", ", results.Select(r => $"{r.Key}: {r.Value}"))}); " +
            $"{churn.Changes} scenario changes and faults; {states.Rewrites} file rewrites ({states.Versions} versions); " +
            $"{samples.Count} samples of /api/v1/targets, {observed} distinct states seen by Prometheus; " +
            $"{final.Active.Count} targets at the end; file_sd read errors: {await prometheus.FileSdReadErrorsAsync() - readErrorsBefore}; " +
            $"converged {watch.Elapsed.TotalSeconds - loopTime.TotalSeconds:0.0} s after the loop stopped");

        // The run exercised what it claims to: rewrites, a failed round, a partially failed one, and Prometheus following.
        Assert.True(states.Rewrites >= 10, $"only {states.Rewrites} rewrites");
        Assert.True(results.GetValueOrDefault(RoundResult.Failed) >= 1, "no round failed entirely");
        Assert.True(results.GetValueOrDefault(RoundResult.Partial) >= 1, "no round failed partially");
        Assert.True(observed >= 3, $"Prometheus was seen in only {observed} state(s)");

        foreach (var sample in samples)
        {
            foreach (var pool in PrometheusConfig.OutputFiles.Select(PrometheusConfig.JobName))
            {
                Assert.True(
                    states.WasWritten(pool, Keys(sample, pool)),
                    $"Prometheus showed for {pool} a state the loop never wrote:\n  {string.Join("\n  ", Keys(sample, pool))}");
            }

            Assert.Empty(sample.Keys.Except(PrometheusConfig.OutputFiles.Select(PrometheusConfig.JobName)));
        }

        Assert.Empty(final.Dropped);
        Assert.Empty(prometheus.Log.FileSdErrors);
        Assert.Empty(prometheus.Log.TargetErrors);
        Assert.Equal(readErrorsBefore, await prometheus.FileSdReadErrorsAsync());
        Assert.Empty(Directory.GetFiles(directory, "*" + AtomicFileWriter.TemporarySuffix, SearchOption.AllDirectories));
    }

    private static IReadOnlyList<string> Keys(IReadOnlyDictionary<string, IReadOnlyList<string>> sample, string pool) =>
        sample.TryGetValue(pool, out var keys) ? keys : Array.Empty<string>();

    /// <summary>A fixed cycle of task starts and stops and of AWS faults, one per step.</summary>
    private sealed class ScenarioChurn
    {
        private const string InstanceA = "6f1e2d3c4b5a49788a7b6c5d4e3f2a01";
        private const string InstanceB = "6f1e2d3c4b5a49788a7b6c5d4e3f2a02";
        private readonly EmulatorHarness _harness;
        private readonly Queue<(string Cluster, string Arn)> _started = new();

        public ScenarioChurn(EmulatorHarness harness) => _harness = harness;

        public int Changes { get; private set; }

        public void Step()
        {
            var scenario = _harness.Server.Scenario;
            switch (Changes++ % 8)
            {
                case 0:
                    Start("demo-ec2", scenario.RunTasks("demo-ec2", "bridge-dynamic-port", InstanceA));
                    break;
                case 1:
                    Start("demo-fargate", scenario.RunTasks("demo-fargate", "fargate-checkout"));
                    break;
                case 2:
                    // Transient: each cluster has three attempts, so retries absorb both, and the round is complete.
                    _harness.Server.InjectFault("ecs:ListTasks", "ThrottlingException", times: 2);
                    _harness.Server.InjectFault("ecs:DescribeTasks", "ServerException", times: 1, statusCode: 500);
                    break;
                case 3:
                    // One task, three files (5m, 30s, generic).
                    Start("demo-ec2", scenario.RunTasks("demo-ec2", "multi-endpoint-intervals", InstanceB));
                    break;
                case 4:
                    StopOldest();
                    break;
                case 5:
                    // Not retried, and only one cluster meets it (demo-ec2 describes its PENDING task every round,
                    // demo-fargate only new tasks): that cluster keeps its last good targets this round.
                    _harness.Server.InjectFault("ecs:DescribeTasks", "AccessDeniedException", times: 1);
                    break;
                case 6:
                    StopOldest();
                    break;
                default:
                    // Not retried: both clusters fail, the round writes nothing.
                    _harness.Server.InjectFault("ecs:ListTasks", "AccessDeniedException", times: 2);
                    break;
            }
        }

        private void Start(string cluster, IReadOnlyList<string> arns)
        {
            foreach (var arn in arns)
            {
                _started.Enqueue((cluster, arn));
            }
        }

        private void StopOldest()
        {
            if (_started.TryDequeue(out var task))
            {
                _harness.Server.Scenario.UpdateTask(task.Cluster, task.Arn, t =>
                {
                    t["lastStatus"] = "STOPPED";
                    t["desiredStatus"] = "STOPPED";
                });
            }
        }
    }
}
