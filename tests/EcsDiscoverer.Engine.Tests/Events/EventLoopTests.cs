using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Events;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>
/// R18 end to end in one process: the loop over the emulator's ECS, fed by an in-memory queue. A started task's target
/// is written within about a second of its event, without a listing; the message is deleted only after the write;
/// foreign and malformed messages are counted and deleted; a queue that cannot be read falls back to polling and the
/// loop returns to events when it answers.
/// </summary>
[Collection(Faults.FaultTimingGroup.Name)]
public class EventLoopTests
{
    private const string Instance = "6f1e2d3c4b5a49788a7b6c5d4e3f2a01";

    private static async Task<string> EventBodyAsync(EmulatorHarness harness, string cluster, string arn, long version, string status = "RUNNING")
    {
        var task = (await harness.Connection.Ecs.DescribeTasksAsync(cluster, new[] { arn }, default)).Items.Single();
        task.Version = version;
        task.Tags = null;
        task.LastStatus = status;
        task.DesiredStatus = status;
        var detail = JsonSerializer.Serialize(task, EcsWireFormat.Options);
        return "{\"version\":\"0\",\"id\":\"" + Guid.NewGuid() + "\",\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"account\":\"123456789012\",\"region\":\"us-east-1\",\"time\":\""
            + DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + "\",\"resources\":[\"" + arn + "\"],\"detail\":" + detail + "}";
    }

    [Fact(DisplayName = "R18: a started task's event reaches the files within seconds without a listing; its message is deleted after the write; a denied queue falls back to polling and comes back")]
    public async Task EventsThenFallbackThenEvents()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var settings = new DiscoverySettings { OutputDirectory = directory.Path, Interval = TimeSpan.FromSeconds(1) };
        var engine = harness.Engine(new DiscoveryOptions { ReadTaskTags = false, WarmupThrottle = false });
        var round = new DiscoveryRound(engine, harness.Session, new RoundOptions(settings, "us-east-1", oneOff: false), null);
        using var queue = new FakeQueue();
        var member = new EventMember("test", "us-east-1", () => null, Array.Empty<ClusterPattern>(), new TaskEventLedger(), harness.Caches);
        using var feed = new EventFeed(new[] { member }, new[] { (EcsDiscoverer.Engine.Aws.Sqs.IQueueApi?)queue }, settings.Interval, TimeSpan.FromMinutes(5), null);
        round.Events = feed;
        var loop = new DiscoveryLoop(round, settings.Interval);
        var log = new RecordingLoopLog();
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => loop.RunAsync(log, stop.Token));
        var file = Path.Combine(directory.Path, "tasks.json");
        try
        {
            await Eventually.TrueAsync(() => log.Rounds.Count >= 1 && File.Exists(file) && queue.Receives >= 2, TimeSpan.FromSeconds(20), "the first round");
            harness.Server.ResetCallCounts();

            // Events: a start, a duplicate of it, a foreign and a malformed message.
            var arn = harness.Server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
            var body = await EventBodyAsync(harness, "demo-ec2", arn, 2);
            harness.Server.ResetCallCounts();
            var sent = Stopwatch.StartNew();
            var handle = queue.Send(body);
            var duplicate = queue.Send(body);
            var foreign = queue.Send("{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}");
            var malformed = queue.Send("this is not json");
            var taskId = arn.Split('/').Last();
            await Eventually.TrueAsync(() => File.ReadAllText(file).Contains(taskId, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the started task in the file");
            Assert.True(sent.Elapsed < TimeSpan.FromSeconds(5), $"the target took {sent.Elapsed.TotalSeconds:0.0} s");
            await Eventually.TrueAsync(() => queue.Deleted.Contains(handle), TimeSpan.FromSeconds(5), "the applied message's deletion");
            Assert.Contains(duplicate, queue.Deleted);
            Assert.Contains(foreign, queue.Deleted);
            Assert.Contains(malformed, queue.Deleted);
            Assert.Equal(0, harness.Calls("ecs:ListTasks"));
            Assert.Equal(0, harness.Calls("ecs:DescribeTasks"));
            Assert.Equal(1, feed.Statistic.Ignored[EventIgnoreReason.Duplicate]);
            Assert.Equal(1, feed.Statistic.Ignored[EventIgnoreReason.Foreign]);
            Assert.Equal(1, feed.Statistic.Ignored[EventIgnoreReason.Malformed]);
            Assert.Contains(log.Warnings, w => w.Contains("set aside as malformed", StringComparison.Ordinal));

            // The queue denied: the loop warns and lists every interval.
            queue.Denied = true;
            queue.Send("{}"); // ends the current long poll
            await Eventually.TrueAsync(() => log.Warnings.Any(w => w.Contains("cannot be read", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the fallback warning");
            harness.Server.ResetCallCounts();
            await Eventually.TrueAsync(() => harness.Calls("ecs:ListTasks") >= 4, TimeSpan.FromSeconds(10), "listings every interval");

            // Back: one listing to start afresh, then events again (no more listings).
            queue.Denied = false;
            await Eventually.TrueAsync(() => log.Warnings.Any(w => w.Contains("answers again", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the return to events");
            await Task.Delay(1500);
            harness.Server.ResetCallCounts();
            await Task.Delay(2500);
            Assert.Equal(0, harness.Calls("ecs:ListTasks"));
        }
        finally
        {
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }
}
