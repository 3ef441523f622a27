using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Resilience;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws.Resilience;

/// <summary>Issue 3 (throttling): the client-side token bucket and the warm-up pacing. Timings are lower bounds only.</summary>
public class ApiThrottleTests
{
    [Theory(DisplayName = "ApiThrottle: tokens come in slices of at least 50 ms")]
    [InlineData(10, 100, 1)]
    [InlineData(20, 50, 1)]
    [InlineData(100, 50, 5)]
    [InlineData(1000, 50, 50)]
    [InlineData(0.5, 2000, 1)]
    public void Replenishment(double rate, int expectedPeriodMs, int expectedTokens)
    {
        var (period, tokens) = ApiThrottle.Replenishment(rate);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedPeriodMs), period);
        Assert.Equal(expectedTokens, tokens);
    }

    [Fact(DisplayName = "ApiThrottle: past the burst, calls go at the sustained rate")]
    public async Task BucketLimitsRate()
    {
        using var throttle = new ApiThrottle(new ThrottleSettings { RequestsPerSecond = 40, Burst = 5 });
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => throttle.WaitAsync("ecs", "ListTasks", default)));
        // 5 at once, then 20 more at 40/s: at least ~0.5 s.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"25 calls took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact(DisplayName = "ApiThrottle: each AWS throttling group has its own bucket; ListTasks and DescribeTasks share one")]
    public async Task BucketsPerGroup()
    {
        using var throttle = new ApiThrottle(new ThrottleSettings { RequestsPerSecond = 1, Burst = 3 });
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(
            throttle.WaitAsync("ecs", "ListTasks", default),
            throttle.WaitAsync("ecs", "DescribeTasks", default),
            throttle.WaitAsync("ecs", "DescribeContainerInstances", default),
            throttle.WaitAsync("ecs", "ListClusters", default),
            throttle.WaitAsync("ecs", "DescribeTaskDefinition", default),
            throttle.WaitAsync("ec2", "DescribeInstances", default));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.9), "each group's burst was available at once");

        watch.Restart();
        await throttle.WaitAsync("ecs", "DescribeTasks", default);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.5), "the fourth call of the shared ListTasks/DescribeTasks bucket waited for a token");
        var statistic = Assert.Single(throttle.Statistics(), s => s.Group == "ecs-cluster-resource-read");
        Assert.Equal(4, statistic.Calls);
        Assert.True(statistic.WaitSeconds >= 0.5, $"waited {statistic.WaitSeconds} s");
    }

    public static TheoryData<string, string, string> Groups() => new()
    {
        // AWS's documented groups (Request throttling for the Amazon ECS API, ... for the Amazon EC2 API).
        { "ecs", "ListClusters", "ecs-cluster-read" },
        { "ecs", "DescribeClusters", "ecs-cluster-read" },
        { "ecs", "ListTasks", "ecs-cluster-resource-read" },
        { "ecs", "DescribeTasks", "ecs-cluster-resource-read" },
        { "ecs", "DescribeContainerInstances", "ecs-cluster-resource-read" },
        { "ecs", "DescribeTaskDefinition", "ecs-task-definition-read" },
        { "ec2", "DescribeInstances", "ec2-describe-instances" },
        { "ecs", "ListServices", "ecs-ListServices" },
        { "ec2", "DescribeTasks", "ec2-DescribeTasks" },
    };

    [Theory(DisplayName = "Budgets: every call takes its token from its AWS throttling group's bucket")]
    [MemberData(nameof(Groups))]
    public void GroupOf(string service, string operation, string group) =>
        Assert.Equal(group, ApiBudgetGroups.For(service, operation).Name);

    public static TheoryData<string, double?, int?, double, int> Budgets() => new()
    {
        // group, API_REQUESTS_PER_SECOND, API_BURST: expected rate and burst (share 0.5 of AWS's refill, AWS's size).
        { "ecs-cluster-resource-read", null, null, 10, 100 },
        { "ecs-cluster-read", null, null, 10, 50 },
        { "ecs-task-definition-read", null, null, 10, 50 },
        { "ec2-describe-instances", null, null, 5, 50 },
        { "ecs-cluster-resource-read", 3, null, 3, 100 },
        { "ecs-cluster-resource-read", null, 7, 10, 7 },
        { "ec2-describe-instances", 10, 20, 10, 20 },
    };

    [Theory(DisplayName = "Budgets: by default a share of AWS's refill and AWS's bucket size; API_REQUESTS_PER_SECOND and API_BURST set every group")]
    [MemberData(nameof(Budgets))]
    public void BudgetOf(string group, double? rate, int? burst, double expectedRate, int expectedBurst)
    {
        var budget = new ThrottleSettings { RequestsPerSecond = rate, Burst = burst }.BudgetOf(ApiBudgetGroups.Find(group)!);
        Assert.Equal(new ApiBudget(expectedRate, expectedBurst), budget);
    }

    [Fact(DisplayName = "Budgets: a group's own budget (API_GROUP_BUDGETS) wins over the rest; API_SHARE scales the defaults")]
    public void GroupOverrideAndShare()
    {
        var settings = new ThrottleSettings
        {
            Share = 0.25,
            Burst = 9,
            Groups = new System.Collections.Generic.Dictionary<string, ApiBudget> { ["ecs-cluster-read"] = new(2, 4) },
        };
        Assert.Equal(new ApiBudget(2, 4), settings.BudgetOf(ApiBudgetGroups.EcsClusterRead));
        Assert.Equal(new ApiBudget(5, 9), settings.BudgetOf(ApiBudgetGroups.EcsClusterResourceRead));
        Assert.False(settings.SameBudgetsAs(new ThrottleSettings()));
        Assert.True(new ThrottleSettings().SameBudgetsAs(new ThrottleSettings()));
    }

    [Fact(DisplayName = "ApiThrottle: warm-up pacing spaces calls THROTTLE_INTERVAL_SECONDS apart, and ends with its scope")]
    public async Task WarmupPacing()
    {
        using var throttle = new ApiThrottle(new ThrottleSettings { RequestsPerSecond = 1000, Burst = 1000 });
        var watch = Stopwatch.StartNew();
        using (throttle.Pace(TimeSpan.FromMilliseconds(50)))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => throttle.WaitAsync("ecs", "ListTasks", default)));
        }

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(340), $"8 paced calls took {watch.Elapsed.TotalMilliseconds} ms");
        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => throttle.WaitAsync("ecs", "ListTasks", default)));
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(340), "no pacing after the warm-up");
    }
}
