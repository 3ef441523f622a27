using System;
using System.Collections.Generic;
using System.Diagnostics;
using EcsDiscoverer.Engine.Memory;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Memory;

/// <summary>The loop gives a round's garbage back while it waits, but does not pay a full collection every round.</summary>
public class IdleMemoryTrimTests
{
    private const long MB = 1024 * 1024;

    [Theory(DisplayName = "Collects only when the heap grew past what the last trim left by 4 MB or more")]
    [InlineData(new long[] { 3 }, new long[] { 0 })]
    [InlineData(new long[] { 100 }, new long[] { 60 })]
    [InlineData(new long[] { 100, 42, 43, 44, 50 }, new long[] { 60, 0, 0, 4, 10 })]
    public void CollectsWhenGrown(long[] heapBeforeMB, long[] freedMB)
    {
        // The collection leaves 40 MB live every time, and the loop waits a second.
        var heap = 0L;
        var trim = new IdleMemoryTrim(() => heap, () => heap = 40 * MB, () => 0);
        var freed = new List<long>();
        foreach (var before in heapBeforeMB)
        {
            heap = before * MB;
            freed.Add(trim.TrimIfGrown(TimeSpan.FromSeconds(1)) / MB);
        }

        Assert.Equal(freedMB, freed);
    }

    [Theory(DisplayName = "Collects only in a wait of at least 100 ms and four times the last collection")]
    [InlineData(0, 0, false)]
    [InlineData(99, 0, false)]
    [InlineData(100, 0, true)]
    [InlineData(1000, 300, false)]
    [InlineData(1300, 300, true)]
    public void CollectsOnlyWhenIdle(int idleMs, int lastCollectionMs, bool collects)
    {
        var clock = 0L;
        var heap = 100 * MB;
        var trim = new IdleMemoryTrim(() => heap, () => { heap = 40 * MB; clock += lastCollectionMs * Stopwatch.Frequency / 1000; }, () => clock);
        Assert.True(trim.TrimIfGrown(TimeSpan.FromSeconds(10)) > 0);
        heap = 200 * MB;

        Assert.Equal(collects, trim.TrimIfGrown(TimeSpan.FromMilliseconds(idleMs)) > 0);
    }

    [Fact(DisplayName = "The real collection runs")]
    public void RealCollectionRuns()
    {
        var trim = new IdleMemoryTrim();
        var garbage = new List<byte[]>();
        for (var i = 0; i < 40; i++)
        {
            garbage.Add(new byte[1024 * 1024]);
        }

        garbage = null;
        Assert.True(trim.TrimIfGrown(TimeSpan.FromSeconds(1)) >= 0);
        Assert.Equal(1, trim.Trims);
    }
}
