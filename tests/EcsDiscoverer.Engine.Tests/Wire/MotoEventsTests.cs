using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Events;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Tests.Support;
using EcsDiscoverer.Engine.Telemetry;
using Xunit;
using Xunit.Abstractions;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>
/// R18 end to end against moto: the loop as Start-EcsDiscoveryLoop runs it (<see cref="DiscoveryHost.Connect"/> with
/// <c>loop: true</c>, <see cref="DiscoveryHost.Loop"/>), reading the queues of <c>docs/deploy/ecs-events.yaml</c>
/// that moto's EventBridge fills from the events <c>moto_ecs_events.py</c> puts. The interval is short (2 s) and the
/// reconcile interval long (10 min), so that after the first round only an event can explain a change in the files;
/// CLUSTERS is the rule's one cluster, so that an event of another cluster is foreign.
/// </summary>
[Collection(MotoEventsFixture.CollectionName)]
public sealed class MotoEventsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan EventLimit = TimeSpan.FromSeconds(10);
    private readonly MotoEventsFixture _moto;
    private readonly ITestOutputHelper _output;

    public MotoEventsTests(MotoEventsFixture moto, ITestOutputHelper output)
    {
        _moto = moto;
        _output = output;
    }

    private MotoEventsSeed Seed => _moto.Seed;

    [Fact(DisplayName = "R18.1 R18.3: a started Fargate task reaches tasks.json from its event alone, with its ENI address, no ListTasks and no DescribeTasks; its STOPPED event removes it; every message is deleted after the write")]
    public async Task StartAndStopFromEvents()
    {
        await _moto.RunAsync("purge");
        await using var loop = await RunningLoop.StartAsync(_moto, _output, Seed.Reader, Seed.QueueUrl);
        var before = loop.Counts();
        var writtenBefore = loop.Statistic.Written;

        var taskArn = await _moto.RunAsync("start", "--fargate");
        var sent = Stopwatch.StartNew();
        await loop.WaitForTaskAsync(taskArn, present: true, EventLimit);
        var appeared = sent.Elapsed;

        var group = Assert.Single(loop.Written(), g => g.Labels.GetValueOrDefault("__meta_ecs_task_arn") == taskArn);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+:" + Seed.FargatePort + "$", group.Target);
        Assert.Equal(0, loop.Calls(before, "ecs", "ListClusters"));
        Assert.Equal(0, loop.Calls(before, "ecs", "ListTasks"));
        Assert.Equal(0, loop.Calls(before, "ecs", "DescribeTasks"));
        await WaitForCountAsync(1, 0, "the start event's deletion after the write");
        Assert.True(loop.Statistic.Written > writtenBefore, "the applied event is counted as written");

        await _moto.RunAsync("stop", taskArn);
        sent.Restart();
        await loop.WaitForTaskAsync(taskArn, present: false, EventLimit);
        var removed = sent.Elapsed;

        // The seeded Fargate task, known from the first round's listing, stays.
        Assert.Contains(loop.Written(), g => g.Labels.GetValueOrDefault("__meta_ecs_task_arn") == Seed.FargateTaskArn);
        Assert.Equal(0, loop.Calls(before, "ecs", "ListTasks"));
        Assert.Equal(0, loop.Calls(before, "ecs", "DescribeTasks"));
        await WaitForCountAsync(1, 0, "the stop event's deletion after the write");
        Assert.Equal(0, await _moto.CountAsync(1, deadLetter: true));
        Assert.Equal(0, loop.Statistic.Ignored.Values.Sum());
        Assert.True(appeared < TimeSpan.FromSeconds(5), $"the started task took {appeared.TotalSeconds:0.0} s");
        Assert.True(removed < TimeSpan.FromSeconds(5), $"the stopped task took {removed.TotalSeconds:0.0} s");
        Assert.DoesNotContain(loop.Log.Warnings, w => w.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R18.2: an older event delivered after the STOPPED one is stale and does not bring the task back; the same version again is a duplicate; both are deleted at once")]
    public async Task StaleAndDuplicateEvents()
    {
        await _moto.RunAsync("purge");
        await using var loop = await RunningLoop.StartAsync(_moto, _output, Seed.Reader, Seed.QueueUrl);

        var taskArn = await _moto.RunAsync("start", "--fargate");
        await loop.WaitForTaskAsync(taskArn, present: true, EventLimit);
        Assert.Equal("2", await _moto.RunAsync("stop", taskArn));
        await loop.WaitForTaskAsync(taskArn, present: false, EventLimit);
        var stale = loop.Statistic.Ignored[EventIgnoreReason.Stale];
        var duplicate = loop.Statistic.Ignored[EventIgnoreReason.Duplicate];

        // SQS delivers late: the RUNNING event of version 1 after the STOPPED one of version 2.
        await _moto.RunAsync("replay", taskArn, "1", "RUNNING");
        await Eventually.TrueAsync(() => loop.Statistic.Ignored[EventIgnoreReason.Stale] == stale + 1, EventLimit, "the stale event to be counted");

        // And twice: the STOPPED event of version 2 again.
        await _moto.RunAsync("replay", taskArn, "2", "STOPPED");
        await Eventually.TrueAsync(() => loop.Statistic.Ignored[EventIgnoreReason.Duplicate] == duplicate + 1, EventLimit, "the duplicate event to be counted");

        await WaitForCountAsync(1, 0, "the stale and duplicate messages' deletion");
        await Task.Delay(EventFeed.Debounce + TimeSpan.FromMilliseconds(800));
        Assert.False(loop.Lists(taskArn), "the stale RUNNING event brought the stopped task back");

        // Out of order within a burst: version 3 (STOPPED) then version 2 (RUNNING) of a running task.
        var second = await _moto.RunAsync("start", "--fargate");
        await loop.WaitForTaskAsync(second, present: true, EventLimit);
        stale = loop.Statistic.Ignored[EventIgnoreReason.Stale];
        await _moto.RunAsync("replay", second, "3", "STOPPED");
        await _moto.RunAsync("replay", second, "2", "RUNNING");
        await loop.WaitForTaskAsync(second, present: false, EventLimit);
        await Eventually.TrueAsync(() => loop.Statistic.Ignored[EventIgnoreReason.Stale] == stale + 1, EventLimit, "the late version 2 to be counted stale");
        await Task.Delay(EventFeed.Debounce + TimeSpan.FromMilliseconds(800));
        Assert.False(loop.Lists(second), "the late RUNNING event brought the stopped task back");

        // moto's task stopped too; its event (version 2 by the script's count) is stale as well.
        await _moto.RunAsync("stop", second);
        await Eventually.TrueAsync(() => loop.Statistic.Ignored[EventIgnoreReason.Stale] == stale + 2, EventLimit, "moto's stop event to be counted stale");
        await WaitForCountAsync(1, 0, "every message's deletion");
    }

    [Fact(DisplayName = "R18.1 R18.6: malformed and foreign messages are counted, reported once, deleted at once, and the loop goes on")]
    public async Task MalformedAndForeignMessages()
    {
        await _moto.RunAsync("purge");
        await using var loop = await RunningLoop.StartAsync(_moto, _output, Seed.Reader, Seed.QueueUrl);

        // A body that is not JSON and an EC2 event; an ECS event of a cluster that CLUSTERS does not select.
        Assert.Equal("2", await _moto.RunAsync("malformed"));
        var foreignTaskArn = await _moto.RunAsync("foreign");

        await Eventually.TrueAsync(
            () => loop.Statistic.Ignored[EventIgnoreReason.Malformed] == 1 && loop.Statistic.Ignored[EventIgnoreReason.Foreign] == 2,
            EventLimit,
            "one malformed and two foreign messages");
        await WaitForCountAsync(1, 0, "the ignored messages' deletion");
        Assert.Equal(0, await _moto.CountAsync(1, deadLetter: true));
        Assert.Equal(3, loop.Statistic.Received);
        Assert.Equal(0, loop.Statistic.Applied);
        Assert.False(loop.Lists(foreignTaskArn));

        // Warned once per reason; the loop's own round and scope are fine.
        await Eventually.TrueAsync(() => loop.Log.Warnings.Count(w => w.Contains("set aside as", StringComparison.Ordinal)) == 2, EventLimit, "the warnings");
        Assert.Single(loop.Log.Warnings, w => w.Contains("set aside as malformed", StringComparison.Ordinal));
        Assert.Single(loop.Log.Warnings, w => w.Contains("set aside as foreign", StringComparison.Ordinal));

        // R18.6: the counts are the metric's too.
        var metrics = loop.Host.Metrics!.ToText();
        Assert.Matches(@"ecs_discoverer_events_ignored_total\{[^}]*reason=""malformed""[^}]*\} 1\b", metrics);
        Assert.Matches(@"ecs_discoverer_events_ignored_total\{[^}]*reason=""foreign""[^}]*\} 2\b", metrics);

        // The loop goes on: a task started now shows from its event.
        var taskArn = await _moto.RunAsync("start", "--fargate");
        await loop.WaitForTaskAsync(taskArn, present: true, EventLimit);
        await _moto.RunAsync("stop", taskArn);
        await loop.WaitForTaskAsync(taskArn, present: false, EventLimit);
        await WaitForCountAsync(1, 0, "the applied messages' deletion");
    }

    [Fact(DisplayName = "R18.5: credentials that may not read the queue warn that it cannot be read and the loop polls every interval; the targets stay right")]
    public async Task FallbackToPolling()
    {
        await _moto.RunAsync("purge");
        await using var loop = await RunningLoop.StartAsync(_moto, _output, Seed.PollingOnly, Seed.QueueUrl, expectEvents: false);

        Assert.Contains(loop.Log.Warnings, w => w.Contains("cannot be read", StringComparison.Ordinal) && w.Contains("ecs-events", StringComparison.Ordinal));
        Assert.True(loop.Lists(Seed.FargateTaskArn), "the seeded Fargate task is a target");
        var before = loop.Counts();
        await Task.Delay(Interval * 2.5);
        Assert.True(loop.Calls(before, "ecs", "ListTasks") >= 2, $"the loop listed {loop.Calls(before, "ecs", "ListTasks")} time(s) in 2.5 intervals");

        // Polling sees a start and a stop within an interval or so, with DescribeTasks.
        var taskArn = await _moto.RunAsync("start", "--fargate");
        await loop.WaitForTaskAsync(taskArn, present: true, EventLimit);
        Assert.True(loop.Calls(before, "ecs", "DescribeTasks") >= 1);
        await _moto.RunAsync("stop", taskArn);
        await loop.WaitForTaskAsync(taskArn, present: false, EventLimit);

        Assert.Equal(0, loop.Statistic.Received);
        Assert.Single(loop.Log.Warnings, w => w.Contains("cannot be read", StringComparison.Ordinal));
        Assert.True(loop.Calls(before, "sqs", "ReceiveMessage", errorsOnly: true) >= 1, "the reader kept trying the queue");
    }

    [Fact(DisplayName = "R18.1: two replicas, one queue each, both see a started task from its event and each deletes its own messages")]
    public async Task TwoReplicasOneQueueEach()
    {
        await _moto.RunAsync("purge");
        var clock = Stopwatch.StartNew();
        RunningLoop? firstLoop = null, secondLoop = null;
        void Step(string what) => _output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {what}; first {firstLoop?.Describe()}; second {secondLoop?.Describe()}");

        // Sessions (caches, call counts) are per process, endpoint, region and principal, and the run's own keys are
        // one principal whatever they are: the second replica calls moto as "localhost" so that it has a session of
        // its own, as a process of its own would; with a shared one, each loop would see the other's rounds in the
        // caches and take a change the other applied first for no change of its own files.
        await using var first = await RunningLoop.StartAsync(_moto, _output, Seed.Reader, Seed.QueueUrls[0]);
        await using var second = await RunningLoop.StartAsync(_moto, _output, Seed.Reader, Seed.QueueUrls[1], endpointHost: "localhost");
        (firstLoop, secondLoop) = (first, second);
        var firstBefore = first.Counts();
        var secondBefore = second.Counts();

        Step("both loops ready");
        var taskArn = await _moto.RunAsync("start", "--fargate");
        Step("started");
        await first.WaitForTaskAsync(taskArn, present: true, EventLimit);
        Step("first shows it");
        await second.WaitForTaskAsync(taskArn, present: true, EventLimit);
        Step("second shows it");
        await WaitForCountAsync(1, 0, "queue 1's deletion");
        await WaitForCountAsync(2, 0, "queue 2's deletion");
        Step("queues empty");

        await _moto.RunAsync("stop", taskArn);
        Step("stopped");
        await first.WaitForTaskAsync(taskArn, present: false, EventLimit);
        Step("first dropped it");
        await second.WaitForTaskAsync(taskArn, present: false, EventLimit);
        Step("second dropped it");
        await WaitForCountAsync(1, 0, "queue 1's deletion");
        await WaitForCountAsync(2, 0, "queue 2's deletion");

        foreach (var (loop, before) in new[] { (first, firstBefore), (second, secondBefore) })
        {
            Assert.Equal(0, loop.Calls(before, "ecs", "ListTasks"));
            Assert.Equal(0, loop.Calls(before, "ecs", "DescribeTasks"));
            Assert.Equal(2, loop.Statistic.Applied);
        }
    }

    [Fact(DisplayName = "R18.2 R10: with every cluster selected, an event of a cluster that is not found fails that cluster once and is dropped; the loop does not retry it every debounce")]
    public async Task EventOfAClusterThatCannotBeListed()
    {
        await _moto.RunAsync("purge");
        await using var loop = await RunningLoop.StartAsync(_moto, _output, Seed.Reader, Seed.QueueUrl, clusters: Array.Empty<string>());

        // The "foreign" event names "not-events-cluster", which does not exist: with CLUSTERS unset it is a new
        // cluster of the wildcard selection, listed at once, and ListTasks answers ClusterNotFoundException.
        await _moto.RunAsync("foreign");
        await Eventually.TrueAsync(() => loop.Statistic.Received == 1, EventLimit, "the event", () => loop.Describe());
        await Eventually.TrueAsync(() => loop.Log.Warnings.Any(w => w.Contains("not-events-cluster", StringComparison.Ordinal)), EventLimit, "the cluster's failure");
        await Task.Delay(EventFeed.Debounce * 2);
        var before = loop.Counts();
        var rounds = loop.Log.Rounds.Count;
        await Task.Delay(Interval * 2);

        // ClusterNotFoundException takes the cluster's waiting events along, as it takes its cached tasks: nothing
        // waits, so no round comes until a listing is due (RECONCILE_INTERVAL). Before, the event stayed waiting and
        // the loop ran a round, and a failing ListTasks, every debounce (about 20 in these 4 s).
        Assert.Equal(0, loop.Log.Rounds.Count - rounds);
        Assert.Equal(0, loop.Calls(before, "ecs", "ListTasks"));
        Assert.Single(loop.Log.Warnings, w => w.Contains("not-events-cluster could not be discovered", StringComparison.Ordinal));

        // And the loop goes on.
        var taskArn = await _moto.RunAsync("start", "--fargate");
        await loop.WaitForTaskAsync(taskArn, present: true, EventLimit);
        await _moto.RunAsync("stop", taskArn);
        await loop.WaitForTaskAsync(taskArn, present: false, EventLimit);
    }

    private async Task WaitForCountAsync(int queue, int expected, string what)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = await _moto.CountAsync(queue)) != expected)
        {
            Assert.True(clock.Elapsed < EventLimit, $"Timed out waiting for {what}: queue {queue} holds {count} message(s)");
            await Task.Delay(200);
        }
    }

    /// <summary>A loop running in the background against moto, with its output directory and log.</summary>
    private sealed class RunningLoop : IAsyncDisposable
    {
        private readonly MotoEventsFixture _moto;
        private readonly TempDirectory _directory;
        private readonly CancellationTokenSource _stop;
        private readonly Task _running;
        private ITestOutputHelper? _output;

        private RunningLoop(MotoEventsFixture moto, DiscoveryHost host, TempDirectory directory, RecordingLoopLog log, CancellationTokenSource stop)
        {
            _moto = moto;
            Host = host;
            _directory = directory;
            Log = log;
            _stop = stop;
            var loop = host.Loop(0);
            loop.MemoryTrim = null; // a process-wide blocking collection: not in a test run
            _running = Task.Run(() => loop.RunAsync(log, stop.Token));
        }

        public DiscoveryHost Host { get; }

        public RecordingLoopLog Log { get; }

        public EventStatistic Statistic => Host.EventStatistic!;

        /// <summary>
        /// Connects as the loop's cmdlet does and waits for the first round and for the reader's first answer (or,
        /// without <paramref name="expectEvents"/>, its warning): from then on only events change the files.
        /// </summary>
        public static async Task<RunningLoop> StartAsync(
            MotoEventsFixture moto, ITestOutputHelper output, MotoKeys keys, string queueUrl, bool expectEvents = true, string? endpointHost = null, string[]? clusters = null)
        {
            var endpoint = endpointHost is null ? moto.Url : moto.Url.Replace("127.0.0.1", endpointHost, StringComparison.Ordinal);
            var directory = new TempDirectory();
            var settings = new DiscoverySettings
            {
                Connection = new AwsConnectionOptions { EndpointUrl = endpoint, Region = moto.Seed.Region, AccessKey = keys.AccessKey, SecretKey = keys.SecretKey },
                OutputDirectory = directory.Path,
                Interval = Interval,
                Clusters = clusters ?? new[] { moto.Seed.ClusterName },
                Events = new EventSettings { QueueUrl = queueUrl, ReconcileInterval = TimeSpan.FromMinutes(10) },
                Discovery = new DiscoveryOptions { WarmupThrottle = false },
                Metrics = new MetricsSettings { StartServer = false },
            };
            var host = DiscoveryHost.Connect(settings, "0.0.0-test", loop: true);
            var loop = new RunningLoop(moto, host, directory, new RecordingLoopLog(), new CancellationTokenSource()) { _output = output };
            try
            {
                var mode = expectEvents ? "Reading task events from" : "cannot be read";
                await Eventually.TrueAsync(
                    () => loop._running.IsCompleted
                        || (loop.Log.Rounds.Count >= 1 && File.Exists(loop.TasksFile) && loop.Log.VerboseLines.Concat(loop.Log.Warnings).Any(l => l.Contains(mode, StringComparison.Ordinal))),
                    TimeSpan.FromSeconds(20),
                    "the first round and the queue's first answer");
                if (loop._running.IsCompleted)
                {
                    await loop._running;
                }

                Assert.True(loop.Lists(moto.Seed.FargateTaskArn), "the first round found the seeded Fargate task");
                return loop;
            }
            catch
            {
                await loop.DisposeAsync();
                throw;
            }
        }

        public string TasksFile => _directory.File("tasks.json");

        public IReadOnlyList<FileSdGroup> Written() => FileSdReader.ReadDirectory(_directory.Path);

        public bool Lists(string taskArn)
        {
            var taskId = taskArn.Split('/').Last();
            return File.Exists(TasksFile) && File.ReadAllText(TasksFile).Contains(taskId, StringComparison.Ordinal);
        }

        public Task WaitForTaskAsync(string taskArn, bool present, TimeSpan limit) =>
            Eventually.TrueAsync(() => Lists(taskArn) == present, limit, $"task {taskArn.Split('/').Last()} {(present ? "in" : "gone from")} tasks.json", () => Describe());

        /// <summary>What the loop's event source did, for a failure's message.</summary>
        public string Describe() =>
            $"received {Statistic.Received}, applied {Statistic.Applied}, written {Statistic.Written}, ignored {string.Join(", ", Statistic.Ignored.Select(i => i.Key + " " + i.Value))}, {Log.Rounds.Count} round(s)";

        public Dictionary<string, long> Counts() =>
            Host.Session!.Calls.Snapshot()
                .GroupBy(c => $"{c.Service}:{c.Operation}:{c.Outcome}", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);

        /// <summary>The calls of <paramref name="service"/>:<paramref name="operation"/> since <paramref name="before"/>, of every outcome (or errors only).</summary>
        public long Calls(Dictionary<string, long> before, string service, string operation, bool errorsOnly = false) =>
            Counts()
                .Where(c => c.Key.StartsWith($"{service}:{operation}:", StringComparison.Ordinal) && (!errorsOnly || !c.Key.EndsWith(":Ok", StringComparison.Ordinal)))
                .Sum(c => c.Value - before.GetValueOrDefault(c.Key));

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // The loop ends so.
            }
            finally
            {
                // What the loop said, for a test that failed.
                foreach (var line in Log.Warnings.Select(w => "WARNING: " + w).Concat(Log.VerboseLines.Where(v => v.Contains("event", StringComparison.OrdinalIgnoreCase) || v.Contains("Cluster ", StringComparison.Ordinal))))
                {
                    _output?.WriteLine(line);
                }

                _output?.WriteLine($"received {Statistic.Received}, applied {Statistic.Applied}, written {Statistic.Written}, ignored {string.Join(", ", Statistic.Ignored.Select(i => i.Key + " " + i.Value))}; calls {string.Join(", ", Counts().Select(c => c.Key + " " + c.Value))}");
                Host.Dispose();
                _stop.Dispose();
                _directory.Dispose();
            }

            // The loop's last long poll goes on inside moto after the client gave up on it (up to 20 s), and would take
            // the next test's first messages out of sight for the queue's visibility timeout. A message to each queue
            // ends it; then the queues are emptied.
            await _moto.RunAsync("malformed");
            await Task.Delay(300);
            await _moto.RunAsync("purge");
        }
    }
}
