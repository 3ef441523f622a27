using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EcsDiscoverer.Engine.Tests.Aws.Resilience;

/// <summary>
/// Issue 10: whatever the loop does, its calls stay within the default budgets, measured by the emulator's counters:
/// per AWS throttling group, no more than the bucket (AWS's size) plus the share of AWS's refill rate over the time.
/// The loop here runs rounds back to back, far faster than any interval would: the worst case of every size.
/// </summary>
public class SustainedRateTests
{
    private readonly ITestOutputHelper _output;

    public SustainedRateTests(ITestOutputHelper output) => _output = output;

    [Fact(DisplayName = "Budgets: rounds back to back over 3,000 tasks stay within AWS's bucket plus the default share of its refill rate")]
    public async Task BackToBackRoundsStayWithinTheShare()
    {
        var defaults = new ThrottleSettings();
        using var throttle = new ApiThrottle(defaults);
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(clusters: 3, tasksPerCluster: 1000, families: 20, instances: 30), throttle: throttle);
        using var directory = new TempDirectory();
        var settings = new DiscoverySettings { OutputDirectory = directory.Path, Interval = TimeSpan.FromMilliseconds(1), Clusters = new[] { "c0", "c1", "c2" } };
        var loop = new DiscoveryLoop(harness.Engine(new DiscoveryOptions { WarmupThrottle = false }), harness.Session, settings, null);

        // Until the rounds have spent the whole bucket and waited for its refill (20 calls past it), however slow a
        // loaded machine makes the cold round; the upper bound is what is asserted, over the time it took.
        var budget = defaults.BudgetOf(ApiBudgetGroups.EcsClusterResourceRead);
        int ResourceReads() => harness.Calls("ecs:ListTasks") + harness.Calls("ecs:DescribeTasks") + harness.Calls("ecs:DescribeContainerInstances");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        var running = loop.RunAsync(new RecordingLoopLog(), stop.Token);
        while (!running.IsCompleted && ResourceReads() < budget.Burst + 20 && !stop.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var seconds = watch.Elapsed.TotalSeconds;

        var resourceReads = ResourceReads();
        var allowed = budget.Burst + (budget.RequestsPerSecond * seconds) + 1;
        _output.WriteLine($"{resourceReads} cluster-resource reads in {seconds:0.00} s; allowed {allowed:0}; budget {budget}");
        Assert.Equal(new ApiBudget(10, 100), budget); // share 0.5 of AWS's 20/s, AWS's bucket of 100
        Assert.InRange(resourceReads, budget.Burst, allowed);
        Assert.True(harness.Calls("ec2:DescribeInstances") <= defaults.BudgetOf(ApiBudgetGroups.Ec2DescribeInstances).Burst);

        var statistic = Assert.Single(throttle.Statistics(), s => s.Group == "ecs-cluster-resource-read");
        Assert.True(statistic.WaitSeconds > 0, "the rounds waited for the bucket");
    }
}
