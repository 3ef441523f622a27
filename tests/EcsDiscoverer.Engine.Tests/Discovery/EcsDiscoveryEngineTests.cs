using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.BadInput;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Discovery;

public class EcsDiscoveryEngineTests
{

    [Fact(DisplayName = "Discovery: the demo scenario gives 11 target groups and 4 skipped containers with their reasons")]
    public async Task DemoScenario()
    {
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var result = await harness.DiscoverAsync();
        Assert.Equal(11, result.Targets.Count);
        Assert.Equal(
            new[] { "container-port-not-bound", "invalid-port", "no-runtime-container", "not-running" },
            result.Skipped.Select(s => SkipReasons.Name(s.Reason)).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(new[] { "demo-ec2", "demo-fargate" }, result.DiscoveredClusters.OrderBy(c => c, StringComparer.Ordinal));
        Assert.Empty(result.Failures);
    }

    [Fact(DisplayName = "ECS limits: 250 tasks take 3 ListTasks pages, 3 DescribeTasks batches and one call per task definition")]
    public async Task PagesAndBatches()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 250, families: 3, instances: 2));
        var result = await harness.DiscoverAsync("c0");

        Assert.Equal(250, result.Targets.Count);
        Assert.Equal(250, result.Targets.Select(t => t.Target).Distinct().Count());
        Assert.Equal(0, harness.Calls("ecs:ListClusters"));
        Assert.Equal(3, harness.Calls("ecs:ListTasks"));
        Assert.Equal(3, harness.Calls("ecs:DescribeTasks"));
        Assert.Equal(3, harness.Calls("ecs:DescribeTaskDefinition"));
        Assert.Equal(1, harness.Calls("ecs:DescribeContainerInstances"));
        Assert.Equal(1, harness.Calls("ec2:DescribeInstances"));
    }

    [Fact(DisplayName = "issue 12: progress moves inside a cluster, per DescribeTasks batch and per task-definition fetch")]
    public async Task ProgressInsideACluster()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 250, families: 3, instances: 2));
        var log = new RecordingDiscoveryLog();
        await harness.Engine().DiscoverAsync(new DiscoveryRequest { Clusters = new[] { "c0" } }, log, default);

        var reports = log.Progresses;
        Assert.Equal("1 cluster(s)", reports[0].Status);
        Assert.Equal(0, reports[0].PercentComplete);
        var statuses = reports.Select(r => r.Status).ToList();
        Assert.Contains("0 of 1 cluster(s) done; c0: 100 of 250 tasks described", statuses);
        Assert.Contains("0 of 1 cluster(s) done; c0: 200 of 250 tasks described", statuses);
        Assert.Contains("0 of 1 cluster(s) done; c0: 250 of 250 tasks described", statuses);
        Assert.Contains("0 of 1 cluster(s) done; c0: 3 of 3 task definitions read", statuses);
        Assert.Equal("1 of 1 cluster(s) done, last c0", reports[^1].Status);
        Assert.Equal(100, reports[^1].PercentComplete);

        // Between the start and the end of the only cluster, the bar moves: 20, 40, 50, then up to 99.
        var inside = reports.Skip(1).Take(reports.Count - 2).Select(r => r.PercentComplete).ToList();
        Assert.True(inside.Distinct().Count() >= 4, string.Join(", ", inside));
        Assert.All(inside, p => Assert.InRange(p, 1, 99));
    }

    [Fact(DisplayName = "issue 12: progress over clusters side by side adds the done clusters and the running ones' steps")]
    public void ProgressAcrossClusters()
    {
        var log = new RecordingDiscoveryLog();
        var tracker = new DiscoveryProgressTracker(log, 4);
        tracker.Start();
        tracker.Step("a", DiscoveryProgressTracker.DescribeTasksStep, 50, 100);
        tracker.Step("b", DiscoveryProgressTracker.TaskDefinitionsStep, 1, 2);
        tracker.ClusterDone("a");
        tracker.Step("b", DiscoveryProgressTracker.TaskDefinitionsStep, 2, 2);

        Assert.Equal(new[] { 0, 6, 25, 43, 50 }, log.Progresses.Select(p => p.PercentComplete));
        Assert.Equal("1 of 4 cluster(s) done; b: 2 of 2 task definitions read", log.Progresses[^1].Status);
        Assert.Equal(1, log.Progresses[^1].CompletedClusters);
        Assert.Equal(4, log.Progresses[^1].TotalClusters);
    }

    [Fact(DisplayName = "Caches: a second round describes no task definition, container instance or EC2 instance again")]
    public async Task SecondRoundUsesCaches()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 2, tasksPerCluster: 30, families: 4, instances: 3));
        await harness.DiscoverAsync();
        harness.Server.ResetCallCounts();
        var second = await harness.DiscoverAsync();

        Assert.Equal(60, second.Targets.Count);
        Assert.Equal(0, harness.Calls("ecs:DescribeTaskDefinition"));
        Assert.Equal(0, harness.Calls("ecs:DescribeContainerInstances"));
        Assert.Equal(0, harness.Calls("ec2:DescribeInstances"));
    }

    [Fact(DisplayName = "Clusters: ListClusters is followed through every page and wildcards match names")]
    public async Task ClusterPagesAndWildcards()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 205, tasksPerCluster: 0, families: 1, instances: 1));
        var all = await harness.DiscoverAsync();
        Assert.Equal(205, all.DiscoveredClusters.Count);
        Assert.Equal(3, harness.Calls("ecs:ListClusters"));

        var some = await harness.DiscoverAsync("c20?", "C1*9");
        Assert.Equal(
            new[] { "c109", "c119", "c129", "c139", "c149", "c159", "c169", "c179", "c189", "c19", "c199", "c200", "c201", "c202", "c203", "c204" },
            some.DiscoveredClusters.OrderBy(c => c, StringComparer.Ordinal));
    }

    [Fact(DisplayName = "R10: a missing cluster fails alone; the other clusters are discovered")]
    public async Task ClusterFailureIsIsolated()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 2, tasksPerCluster: 2, families: 1, instances: 1));
        var result = await harness.DiscoverAsync("c0", "gone", "c1");
        Assert.Equal(4, result.Targets.Count);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("gone", failure.Cluster);
        Assert.Equal("ClusterNotFoundException", Assert.IsType<AwsApiException>(failure.Error).ErrorCode);
        Assert.False(result.FailedEntirely);
    }

    [Fact(DisplayName = "Retries: a throttled ListTasks costs a retry, not targets")]
    public async Task TransientThrottling()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 5, families: 1, instances: 1));
        harness.Server.InjectFault("ecs:ListTasks", "ThrottlingException", times: 2);
        var result = await harness.DiscoverAsync("c0");
        Assert.Equal(5, result.Targets.Count);
        Assert.Equal(3, harness.Calls("ecs:ListTasks"));
    }

    [Fact(DisplayName = "Skip task-definition-unavailable: a task definition that cannot be described costs only its own tasks")]
    public async Task TaskDefinitionUnavailable()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 4, families: 2, instances: 1));
        harness.Server.InjectFault("ecs:DescribeTaskDefinition", "ClientException", times: 1);
        var result = await harness.DiscoverAsync("c0");
        Assert.Equal(2, result.Targets.Count);
        Assert.Equal(2, result.Skipped.Count);
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.TaskDefinitionUnavailable, s.Reason));
    }

    [Fact(DisplayName = "Access denied on ListTasks fails the cluster with AccessDeniedException")]
    public async Task AccessDenied()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 1, families: 1, instances: 1));
        harness.Server.InjectFault("ecs:ListTasks", "AccessDeniedException", times: 1);
        var result = await harness.DiscoverAsync("c0");
        Assert.True(result.FailedEntirely);
        var error = Assert.IsType<AwsApiException>(Assert.Single(result.Failures).Error);
        Assert.Equal(AwsErrorKind.AccessDenied, error.Kind);
        Assert.Equal(1, harness.Calls("ecs:ListTasks"));
    }
}
