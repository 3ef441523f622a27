using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Faults;

/// <summary>
/// Issue 4: answers that arrive but say less than expected (DescribeTasks failures, gone EC2 instances, sparse
/// responses). No exception escapes; the affected containers are skipped with a reason, or the cluster fails and
/// keeps its last good targets; every other target is the one a fault-free round gives.
/// </summary>
[Collection(FaultTimingGroup.Name)]
public class DataFaultTests
{
    private static async Task<(EmulatorHarness Harness, DiscoveryResult Baseline)> StartAsync()
    {
        var harness = await EmulatorHarness.StartAsync(FaultScenario.Json, FaultScenario.Retry);
        var baseline = await harness.DiscoverAsync();
        Assert.Equal(12, baseline.Targets.Count);
        Assert.Empty(baseline.Skipped);
        harness.StartNewProcess();
        harness.Server.ResetCallCounts();
        return (harness, baseline);
    }

    private static async Task<DiscoveryResult> DiscoverAsync(EmulatorHarness harness, RecordingLoopLog log) =>
        await harness.Engine().DiscoverAsync(new DiscoveryRequest(), log, default);

    private static IEnumerable<string> Keys(IEnumerable<ScrapeTarget> targets) =>
        targets.Select(t => $"{t.ClusterName}/{t.TaskId}/{t.ContainerName} {t.Target}{t.MetricsPath}").Order(StringComparer.Ordinal);

    private static async Task<string> InstanceOfAsync(EmulatorHarness harness, string cluster, string containerInstance)
    {
        var described = await harness.Connection.Ecs.DescribeContainerInstancesAsync(cluster, new[] { containerInstance }, default);
        return Assert.Single(described.Items).Ec2InstanceId!;
    }

    [Fact(DisplayName = "DescribeTasks failures: a task reported MISSING is left out, with a verbose reason; the rest is exact; described again next round")]
    public async Task DescribeTasksFailures()
    {
        var (harness, baseline) = await StartAsync();
        await using var _ = harness;
        harness.Server.InjectFault(EmulatorFault.TaskFailures("t1") with { Cluster = "c0" });
        var log = new RecordingLoopLog();
        var result = await DiscoverAsync(harness, log);

        Assert.Empty(result.Failures);
        Assert.Equal(Keys(baseline.Targets.Where(t => !(t.ClusterName == "c0" && t.TaskId == "t1"))), Keys(result.Targets));
        Assert.Contains(log.VerboseLines, v => v.Contains("task/c0/t1", StringComparison.Ordinal) && v.Contains("MISSING", StringComparison.Ordinal));

        var next = await DiscoverAsync(harness, log);
        Assert.Equal(Keys(baseline.Targets), Keys(next.Targets));
    }

    [Fact(DisplayName = "EC2 (R5): a terminated or removed instance behind a live container instance skips its tasks as no-address; Fargate and other hosts are exact")]
    public async Task TerminatedAndRemovedInstances()
    {
        var (harness, baseline) = await StartAsync();
        await using var _ = harness;
        var terminated = await InstanceOfAsync(harness, "c0", "ci0");
        var removed = await InstanceOfAsync(harness, "c1", "ci0");
        harness.StartNewProcess();
        Assert.True(harness.Server.Scenario.TerminateInstance(terminated));
        Assert.True(harness.Server.Scenario.RemoveInstance(removed));

        var result = await DiscoverAsync(harness, new RecordingLoopLog());
        Assert.Empty(result.Failures);
        bool OnGoneHost(ScrapeTarget t) => t.Ec2InstanceId == terminated || t.Ec2InstanceId == removed;
        var gone = baseline.Targets.Where(OnGoneHost).ToList();
        Assert.NotEmpty(gone);
        Assert.Equal(Keys(baseline.Targets.Where(t => !OnGoneHost(t))), Keys(result.Targets));
        Assert.Equal(gone.Select(t => t.TaskId + "@" + t.ClusterName).Order(StringComparer.Ordinal), result.Skipped.Select(s => s.TaskId + "@" + s.ClusterName).Order(StringComparer.Ordinal));
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.NoAddress, s.Reason));
    }

    [Fact(DisplayName = "EC2 InvalidInstanceID.NotFound: the gone instance is dropped and the others asked again; its tasks skip as no-address")]
    public async Task InstanceNotFound()
    {
        var (harness, baseline) = await StartAsync();
        await using var _ = harness;
        var gone = await InstanceOfAsync(harness, "c2", "ci0");
        harness.StartNewProcess();
        harness.Server.InjectFault(EmulatorFault.InstanceNotFound(gone) with { Times = null });
        harness.Server.ResetCallCounts();

        var result = await DiscoverAsync(harness, new RecordingLoopLog());
        Assert.Empty(result.Failures);
        Assert.Equal(Keys(baseline.Targets.Where(t => t.Ec2InstanceId != gone)), Keys(result.Targets));
        Assert.NotEmpty(result.Skipped);
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.NoAddress, s.Reason));
        // One call per cluster, and one more for c2 after the refusal. c2 then has no EC2 id left to ask for.
        Assert.Equal(3, harness.Calls("ec2:DescribeInstances"));
    }

    public static TheoryData<string, bool, string> SparseCases() => new()
    {
        // operation, keep nothing (else the identity fields), expected outcome
        { "ecs:ListClusters", false, "exact" },
        { "ecs:ListTasks", false, "exact" },
        { "ecs:DescribeTasks", false, "skip:not-running" },
        { "ecs:DescribeTaskDefinition", false, "skip:task-definition-unavailable" },
        { "ecs:DescribeContainerInstances", false, "skip-ec2:no-address" },
        { "ec2:DescribeInstances", false, "skip-ec2:no-address" },
        { "ecs:ListClusters", true, "no-clusters" },
        { "ecs:ListTasks", true, "no-tasks" },
        { "ecs:DescribeTasks", true, "clusters-fail" },
        { "ecs:DescribeTaskDefinition", true, "skip:task-definition-unavailable" },
        { "ecs:DescribeContainerInstances", true, "clusters-fail" },
        { "ec2:DescribeInstances", true, "skip-ec2:no-address" },
    };

    [Theory(DisplayName = "Sparse responses: every optional field absent never throws; containers skip with a reason or the cluster fails (stale-while-error)")]
    [MemberData(nameof(SparseCases))]
    public async Task SparseResponses(string operation, bool keepNothing, string expected)
    {
        var (harness, baseline) = await StartAsync();
        await using var _ = harness;
        var fault = EmulatorFault.Sparse(operation) with { Times = null };
        harness.Server.InjectFault(keepNothing ? fault with { Keep = [] } : fault);

        var result = await DiscoverAsync(harness, new RecordingLoopLog());
        var ec2 = baseline.Targets.Where(t => t.LaunchType == "EC2").ToList();
        switch (expected)
        {
            case "exact":
                Assert.Empty(result.Failures);
                Assert.Equal(Keys(baseline.Targets), Keys(result.Targets));
                break;
            case "skip:not-running":
                // Without lastStatus a task is not known to run (R1): each marked container says so.
                Assert.Empty(result.Targets);
                Assert.Equal(baseline.Targets.Count, result.Skipped.Count);
                Assert.All(result.Skipped, s => Assert.Equal(SkipReason.NotRunning, s.Reason));
                break;
            case "skip:task-definition-unavailable":
                // A definition answered without containers is well-formed but unusable: its tasks are skipped this
                // round (not the cluster), and it is not cached, so the next round asks again.
                Assert.Empty(result.Failures);
                Assert.Empty(result.Targets);
                Assert.Equal(baseline.Targets.Count, result.Skipped.Count);
                Assert.All(result.Skipped, s => Assert.Equal(SkipReason.TaskDefinitionUnavailable, s.Reason));
                Assert.Equal(0, harness.Caches.TaskDefinitions.Count);
                break;
            case "skip-ec2:no-address":
                Assert.Empty(result.Failures);
                Assert.NotEmpty(ec2);
                Assert.Equal(Keys(baseline.Targets.Where(t => t.LaunchType != "EC2")), Keys(result.Targets));
                Assert.Equal(ec2.Count, result.Skipped.Count);
                Assert.All(result.Skipped, s => Assert.Equal(SkipReason.NoAddress, s.Reason));
                break;
            case "clusters-fail":
                // MalformedResponse, retried, then the cluster fails: a loop keeps its last good targets (matrix).
                Assert.True(result.FailedEntirely);
                Assert.All(result.Failures, f => Assert.Equal("MalformedResponse", Assert.IsType<EcsDiscoverer.Engine.Aws.AwsApiException>(f.Error).ErrorCode));
                Assert.Equal(FaultScenario.Clusters, result.Failures.Select(f => ArnParts.ClusterName(f.Cluster)).Order(StringComparer.Ordinal));
                break;
            case "no-clusters":
                // An empty ListClusters answer is an account without clusters: nothing to tell them apart by.
                Assert.Empty(result.Failures);
                Assert.Empty(result.DiscoveredClusters);
                Assert.Empty(result.Targets);
                break;
            case "no-tasks":
                // An empty ListTasks answer is a cluster without tasks, likewise.
                Assert.Empty(result.Failures);
                Assert.Equal(FaultScenario.Clusters, result.DiscoveredClusters.Order(StringComparer.Ordinal));
                Assert.Empty(result.Targets);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expected), expected, null);
        }

        harness.Server.ClearFaults();
        var cleared = await DiscoverAsync(harness, new RecordingLoopLog());
        Assert.Equal(Keys(baseline.Targets), Keys(cleared.Targets));
    }
}
