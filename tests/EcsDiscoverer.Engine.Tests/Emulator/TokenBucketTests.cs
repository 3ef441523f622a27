using System;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

public class TokenBucketTests
{
    [Fact(DisplayName = "Token bucket: starts full, serves the burst at once, then throttles")]
    public void StartsFull()
    {
        var bucket = new TokenBucket(requestsPerSecond: 20, burst: 3, new ManualClock());
        Assert.Equal(3, bucket.Available);
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }

    [Fact(DisplayName = "Token bucket: refills continuously with elapsed time, fractions included")]
    public void RefillsContinuously()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(requestsPerSecond: 2, burst: 1, clock);
        Assert.True(bucket.TryTake());

        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(0.5, bucket.Available, precision: 9);
        Assert.False(bucket.TryTake());

        // The refused request took nothing: the half token stays and the next 250 ms complete it.
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }

    [Fact(DisplayName = "Token bucket: 20/s refills exactly one token every 50 ms despite floating point")]
    public void WholeTokensAtTheRate()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(requestsPerSecond: 20, burst: 1, clock);
        Assert.True(bucket.TryTake());
        for (var i = 0; i < 1000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            Assert.True(bucket.TryTake(), $"request {i}");
            Assert.False(bucket.TryTake());
        }
    }

    [Fact(DisplayName = "Token bucket: never holds more than the burst, however long it idles")]
    public void CappedAtBurst()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(requestsPerSecond: 10, burst: 5, clock);
        bucket.TryTake();
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, bucket.Available);
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }

    [Fact(DisplayName = "Token bucket: 10 s of requests every 10 ms at 20/s with burst 50 serve the burst plus 10 s of rate")]
    public void SustainedRate()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(requestsPerSecond: 20, burst: 50, clock);
        var served = 0;
        for (var i = 0; i < 1000; i++)
        {
            served += bucket.TryTake() ? 1 : 0;
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 50 at once, then 20/s over the 9.99 s between the first and the last request.
        Assert.Equal(249, served);
    }

    [Fact(DisplayName = "Token bucket: concurrent requests never take more than the burst")]
    public void ThreadSafe()
    {
        var bucket = new TokenBucket(requestsPerSecond: 1, burst: 100, new ManualClock());
        var served = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (bucket.TryTake())
            {
                System.Threading.Interlocked.Increment(ref served);
            }
        });
        Assert.Equal(100, served);
    }

    [Theory(DisplayName = "Token bucket: a rate that is not positive and finite, or a burst below 1, is refused")]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(double.PositiveInfinity, 1)]
    [InlineData(1, 0)]
    public void InvalidSettings(double rate, int burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(rate, burst, new ManualClock()));
}
