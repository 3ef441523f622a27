using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Events;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>
/// R18.2, R18.3, R18.5 against the emulator: what a round from events costs and finds. The budget is asserted on the
/// emulator's call counts: with events and no reconciliation due, a round makes no ListTasks, and a task start whose
/// event says all the rules read makes no DescribeTasks.
/// </summary>
public class EventRoundTests
{
    private const string Instance = "6f1e2d3c4b5a49788a7b6c5d4e3f2a01";

    private static async Task<EcsTask> DescribeAsync(EmulatorHarness harness, string cluster, string arn, long version)
    {
        var task = (await harness.Connection.Ecs.DescribeTasksAsync(cluster, new[] { arn }, default)).Items.Single();
        task.Version = version;
        task.Tags = null;
        return task;
    }

    private static EcsEvent EventOf(EcsTask task) => new() { ClusterArn = task.ClusterArn!, Task = task, Version = task.Version ?? 1 };

    private static EcsTask Stopped(EcsTask task, long version) => new()
    {
        TaskArn = task.TaskArn,
        ClusterArn = task.ClusterArn,
        TaskDefinitionArn = task.TaskDefinitionArn,
        ContainerInstanceArn = task.ContainerInstanceArn,
        Containers = task.Containers,
        LastStatus = "STOPPED",
        DesiredStatus = "STOPPED",
        Version = version,
    };

    [Fact(DisplayName = "R18.2/R18.3 budget: a started task's complete event costs no ListTasks and no DescribeTasks; its stop event removes it, again without a call")]
    public async Task StartAndStopFromEvents()
    {
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var engine = harness.Engine(new DiscoveryOptions { ReadTaskTags = false });
        var ledger = new TaskEventLedger();
        var listed = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger }, null, default);
        Assert.False(listed.FromEvents);
        Assert.Equal(0, listed.Corrections);

        var arn = harness.Server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
        var started = await DescribeAsync(harness, "demo-ec2", arn, 2);
        harness.Server.ResetCallCounts();
        Assert.Null(ledger.Offer(EventOf(started)));

        var fromEvents = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger, FromEvents = true }, null, default);
        Assert.True(fromEvents.FromEvents);
        Assert.True(fromEvents.Changed);
        Assert.Contains(fromEvents.Targets, t => t.TaskArn == arn);
        Assert.Equal(listed.Targets.Count + 1, fromEvents.Targets.Count);
        Assert.DoesNotContain(harness.AllCalls, c => c.Value > 0);

        Assert.Null(ledger.Offer(EventOf(Stopped(started, 3))));
        var afterStop = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger, FromEvents = true }, null, default);
        Assert.DoesNotContain(afterStop.Targets, t => t.TaskArn == arn);
        Assert.Equal(listed.Targets.Count, afterStop.Targets.Count);

        // Nothing waiting: the same targets, not changed, and still not a call.
        var quiet = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger, FromEvents = true }, null, default);
        Assert.False(quiet.Changed);
        Assert.Equal(afterStop.Targets.Select(t => t.Target), quiet.Targets.Select(t => t.Target));
        Assert.DoesNotContain(harness.AllCalls, c => c.Value > 0);
    }

    [Fact(DisplayName = "R18.3: a run that reads task tags describes a started task once for them (events carry none), and lists nothing")]
    public async Task TagsNeedADescription()
    {
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var engine = harness.Engine(new DiscoveryOptions { ReadTaskTags = true });
        var ledger = new TaskEventLedger();
        await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger }, null, default);
        var arn = harness.Server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
        var started = await DescribeAsync(harness, "demo-ec2", arn, 2);
        harness.Server.ResetCallCounts();
        ledger.Offer(EventOf(started));
        var result = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger, FromEvents = true }, null, default);
        Assert.Contains(result.Targets, t => t.TaskArn == arn);
        Assert.Equal(1, harness.Calls("ecs:DescribeTasks"));
        Assert.Equal(0, harness.Calls("ecs:ListTasks"));
    }

    [Fact(DisplayName = "R18.5: a reconciliation lists, repairs what events missed and counts it")]
    public async Task ReconciliationCountsCorrections()
    {
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var engine = harness.Engine(new DiscoveryOptions { ReadTaskTags = false });
        var ledger = new TaskEventLedger();
        var listed = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger }, null, default);

        // Two changes whose events were lost: a task started, another stopped.
        var arn = harness.Server.Scenario.RunTasks("demo-ec2", "bridge-dynamic-port:2", Instance).Single();
        Assert.True(harness.Server.Scenario.RemoveTask("demo-fargate", "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c05"));
        var blind = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger, FromEvents = true }, null, default);
        Assert.Equal(listed.Targets.Select(t => t.Target), blind.Targets.Select(t => t.Target));

        var reconciled = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger }, null, default);
        Assert.Equal(2, reconciled.Corrections);
        Assert.Contains(reconciled.Targets, t => t.TaskArn == arn);
        Assert.DoesNotContain(reconciled.Targets, t => t.ClusterName == "demo-fargate");
    }

    [Fact(DisplayName = "R18.2: an event of a cluster the caches do not know yet lists that cluster alone")]
    public async Task NewClusterIsListed()
    {
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var engine = harness.Engine(new DiscoveryOptions { ReadTaskTags = false });
        var ledger = new TaskEventLedger();
        await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger }, null, default);
        harness.Server.Scenario.AddCluster("late");
        var arn = harness.Server.Scenario.RunTasks("late", "fargate-checkout:7").Single();
        var started = await DescribeAsync(harness, "late", arn, 1);
        harness.Server.ResetCallCounts();
        ledger.Offer(EventOf(started));
        var result = await engine.DiscoverAsync(new DiscoveryRequest { Events = ledger, FromEvents = true }, null, default);
        Assert.Contains(result.Targets, t => t.TaskArn == arn);
        Assert.Equal(1, harness.Calls("ecs:ListTasks"));
        Assert.Equal(0, harness.Calls("ecs:ListClusters"));
    }
}
