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
        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => throttle.WaitAsync("ecs", default)));
        // 5 at once, then 20 more at 40/s: at least ~0.5 s.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"25 calls took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact(DisplayName = "ApiThrottle: services have their own buckets")]
    public async Task BucketsPerService()
    {
        using var throttle = new ApiThrottle(new ThrottleSettings { RequestsPerSecond = 1, Burst = 3 });
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => throttle.WaitAsync("ecs", default)).Concat(Enumerable.Range(0, 3).Select(_ => throttle.WaitAsync("ec2", default))));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.9), "each service's burst was available at once");
    }

    [Fact(DisplayName = "ApiThrottle: warm-up pacing spaces calls THROTTLE_INTERVAL_SECONDS apart, and ends with its scope")]
    public async Task WarmupPacing()
    {
        using var throttle = new ApiThrottle(new ThrottleSettings { RequestsPerSecond = 1000, Burst = 1000 });
        var watch = Stopwatch.StartNew();
        using (throttle.Pace(TimeSpan.FromMilliseconds(50)))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => throttle.WaitAsync("ecs", default)));
        }

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(340), $"8 paced calls took {watch.Elapsed.TotalMilliseconds} ms");
        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => throttle.WaitAsync("ecs", default)));
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(340), "no pacing after the warm-up");
    }
}
