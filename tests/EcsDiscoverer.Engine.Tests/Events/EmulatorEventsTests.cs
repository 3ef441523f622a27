using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>
/// R18 through the door the cmdlets use (<see cref="DiscoveryHost"/>) and the real SQS client, against the emulator
/// playing ECS, EventBridge and SQS: the budget with events flowing, lost events repaired by a reconciliation, a queue
/// denied and back, and two regions each with its own queue.
/// </summary>
[Collection(Faults.FaultTimingGroup.Name)]
public sealed class EmulatorEventsTests
{
    private const string Instance = "6f1e2d3c4b5a49788a7b6c5d4e3f2a01";

    private static DiscoverySettings Settings(EcsEmulatorServer server, string directory, string queueUrl, TimeSpan reconcile)
    {
        var settings = new DiscoverySettings { OutputDirectory = directory, Interval = TimeSpan.FromSeconds(1) };
        settings.Connection.EndpointUrl = server.Endpoint.ToString();
        settings.Connection.AccessKey = "AKIDEXAMPLE";
        settings.Connection.SecretKey = "secret";
        settings.Connection.Region = "us-east-1";
        settings.Discovery.WarmupThrottle = false;
        settings.Events.QueueUrl = queueUrl;
        settings.Events.ReconcileInterval = reconcile;
        return settings;
    }

    // The loop in the background, as Start-EcsDiscoveryLoop runs it, without the process-wide memory trim.
    private sealed class RunningLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public RunningLoop(DiscoveryHost host)
        {
            Host = host;
            var loop = host.Loop(0);
            loop.MemoryTrim = null;
            _running = Task.Run(() => loop.RunAsync(Log, _stop.Token));
        }

        public DiscoveryHost Host { get; }

        public RecordingLoopLog Log { get; } = new();

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            Host.Dispose();
            _stop.Dispose();
        }
    }

    private static bool FileHas(string directory, string text) =>
        File.Exists(Path.Combine(directory, "tasks.json")) && File.ReadAllText(Path.Combine(directory, "tasks.json")).Contains(text, StringComparison.Ordinal);

    private static int Count(IReadOnlyDictionary<string, int> calls, string operation) => calls.TryGetValue(operation, out var n) ? n : 0;

    [Fact(DisplayName = "R18.2/R18.3/R18.4 budget: with events flowing and no reconciliation due, starts and stops reach the files without ListTasks or DescribeTasks, and their messages are deleted")]
    public async Task EventsOnly()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Demo));
        var queue = server.Scenario.AddEventQueue("ecs-events");
        await using var loop = new RunningLoop(DiscoveryHost.Connect(Settings(server, directory.Path, queue, TimeSpan.FromHours(1)), "test", loop: true));
        await Eventually.TrueAsync(() => loop.Log.Rounds.Count >= 1 && File.Exists(Path.Combine(directory.Path, "tasks.json")), TimeSpan.FromSeconds(20), "the first round");
        await Task.Delay(300);
        server.ResetCallCounts();

        var started = server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance, count: 3);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => started.All(arn => FileHas(directory.Path, arn.Split('/').Last())), TimeSpan.FromSeconds(10), "three started tasks in the file");
        var took = clock.Elapsed;
        Assert.True(took < TimeSpan.FromSeconds(5), $"the targets took {took.TotalSeconds:0.0} s");

        Assert.True(server.Scenario.StopTask("demo-ec2", started[0]));
        await Eventually.TrueAsync(() => !FileHas(directory.Path, started[0].Split('/').Last()), TimeSpan.FromSeconds(10), "the stopped task gone");
        await Eventually.TrueAsync(() => Count(server.CallCounts, "sqs:DeleteMessageBatch") + Count(server.CallCounts, "sqs:DeleteMessage") >= 2, TimeSpan.FromSeconds(5), "the messages deleted");

        var calls = server.CallCounts;
        Assert.Equal(0, Count(calls, "ecs:ListTasks"));
        Assert.Equal(0, Count(calls, "ecs:ListClusters"));
        Assert.Equal(0, Count(calls, "ecs:DescribeTasks"));
        var statistic = loop.Host.EventStatistic!;
        Assert.Equal(4, statistic.Applied);
        Assert.Contains(loop.Log.Rounds, r => r.FromEvents);
    }

    [Fact(DisplayName = "R18.5: events lost on purpose are repaired by the next reconciliation, which counts them")]
    public async Task LostEventsRepaired()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Demo));
        var queue = server.Scenario.AddEventQueue("ecs-events");
        await using var loop = new RunningLoop(DiscoveryHost.Connect(Settings(server, directory.Path, queue, TimeSpan.FromSeconds(3)), "test", loop: true));
        await Eventually.TrueAsync(() => loop.Log.Rounds.Count >= 1 && File.Exists(Path.Combine(directory.Path, "tasks.json")), TimeSpan.FromSeconds(20), "the first round");

        server.Scenario.DropNextEvents(2);
        var lost = server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance, count: 2);
        await Task.Delay(1000);
        Assert.DoesNotContain(lost, arn => FileHas(directory.Path, arn.Split('/').Last()));
        await Eventually.TrueAsync(() => lost.All(arn => FileHas(directory.Path, arn.Split('/').Last())), TimeSpan.FromSeconds(10), "the reconciliation");
        await Eventually.TrueAsync(() => loop.Host.EventStatistic!.Corrections >= 2, TimeSpan.FromSeconds(5), "the corrections counted");
        Assert.Contains(loop.Log.Rounds, r => r.Corrections >= 2);
        Assert.Contains(loop.Log.VerboseLines, l => l.Contains("corrected 2 task(s) the events had missed", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R18.5: a queue denied falls back to polling every interval with a warning; allowed again, the loop lists once and goes back to events")]
    public async Task DeniedThenBack()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Demo));
        var queue = server.Scenario.AddEventQueue("ecs-events");
        server.Scenario.DenyQueue("ecs-events");
        await using var loop = new RunningLoop(DiscoveryHost.Connect(Settings(server, directory.Path, queue, TimeSpan.FromHours(1)), "test", loop: true));
        await Eventually.TrueAsync(() => loop.Log.Warnings.Any(w => w.Contains("cannot be read", StringComparison.Ordinal) && w.Contains("AccessDenied", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "the fallback warning");
        server.ResetCallCounts();
        await Eventually.TrueAsync(() => Count(server.CallCounts, "ecs:ListTasks") >= 6, TimeSpan.FromSeconds(10), "polling every interval");

        // Polled meanwhile: a task started now shows within an interval or two.
        var polled = server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
        await Eventually.TrueAsync(() => FileHas(directory.Path, polled.Split('/').Last()), TimeSpan.FromSeconds(10), "a task found by polling");

        server.Scenario.AllowQueue("ecs-events");
        await Eventually.TrueAsync(() => loop.Log.Warnings.Any(w => w.Contains("answers again", StringComparison.Ordinal)), TimeSpan.FromSeconds(40), "the return to events");
        await Task.Delay(2000);
        server.ResetCallCounts();
        var evented = server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
        await Eventually.TrueAsync(() => FileHas(directory.Path, evented.Split('/').Last()), TimeSpan.FromSeconds(10), "a task found by its event");
        await Task.Delay(1500);
        Assert.Equal(0, Count(server.CallCounts, "ecs:ListTasks"));
    }

    [Fact(DisplayName = "R18.1/R17: two regions, each scope with its own queue: each region's events reach its own scope, read with its own queue")]
    public async Task ScopesWithTheirOwnQueues()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Demo));
        var east = server.Scenario.AddEventQueue("ecs-events");
        var euScope = server.Scenario.Scope("123456789012", "eu-west-1");
        euScope.AddTaskDefinition("""{"family":"eu-web","revision":1,"networkMode":"awsvpc","containerDefinitions":[{"name":"app","image":"nginx","environment":[{"name":"PROMETHEUS","value":"true"}],"portMappings":[{"containerPort":9100}]}]}""");
        euScope.AddCluster("eu-prod");
        var west = euScope.AddEventQueue("ecs-events");
        var settings = Settings(server, directory.Path, east, TimeSpan.FromHours(1));
        settings.Events.QueueUrl = null;
        settings.Fleet.Scopes = new[]
        {
            new Engine.Scopes.ScopeSettings { Name = "east", Regions = new[] { "us-east-1" }, EventQueueUrl = east },
            new Engine.Scopes.ScopeSettings { Name = "west", Regions = new[] { "eu-west-1" }, EventQueueUrl = west },
        };
        await using var loop = new RunningLoop(DiscoveryHost.Connect(settings, "test", loop: true));
        await Eventually.TrueAsync(() => loop.Log.Rounds.Count >= 1 && File.Exists(Path.Combine(directory.Path, "tasks.json")), TimeSpan.FromSeconds(20), "the first round");
        await Eventually.TrueAsync(() => loop.Host.EventStatistic!.Received == 0 && server.CallCounts.GetValueOrDefault("sqs:ReceiveMessage") >= 2, TimeSpan.FromSeconds(10), "both queues read");
        server.ResetCallCounts();

        var inWest = euScope.RunTasks("eu-prod", "eu-web:1").Single();
        var inEast = server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
        await Eventually.TrueAsync(() => FileHas(directory.Path, inWest.Split('/').Last()) && FileHas(directory.Path, inEast.Split('/').Last()), TimeSpan.FromSeconds(10), "both regions' tasks");
        Assert.Equal(2, loop.Host.EventStatistic!.Applied);
        Assert.Equal(0, loop.Host.EventStatistic!.Ignored[Engine.Events.EventIgnoreReason.Foreign]);
        Assert.Equal(0, server.CallCountsFor("123456789012", "eu-west-1").GetValueOrDefault("ecs:ListTasks"));
        Assert.Equal(0, server.CallCountsFor("123456789012", "us-east-1").GetValueOrDefault("ecs:ListTasks"));
    }
}
