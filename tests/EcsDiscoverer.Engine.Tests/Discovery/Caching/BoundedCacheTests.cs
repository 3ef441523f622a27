using System;
using System.Linq;
using EcsDiscoverer.Engine.Discovery.Caching;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Discovery.Caching;

/// <summary>Issue 3 (caches): the size bound and the accounting of the fact caches.</summary>
public class BoundedCacheTests
{
    [Fact(DisplayName = "BoundedCache: past the capacity the least recently used entry goes")]
    public void EvictsLeastRecentlyUsed()
    {
        var cache = new BoundedCache<string, int>("test", 3, StringComparer.Ordinal);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("c", 3);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent
        cache.Set("d", 4);
        Assert.Equal(3, cache.Count);
        Assert.False(cache.Contains("b"));
        Assert.Equal(new[] { "d", "a", "c" }, cache.Snapshot().Select(e => e.Key));
    }

    [Fact(DisplayName = "BoundedCache: hits and misses are counted, and survive Clear as counters do")]
    public void CountsLookups()
    {
        var cache = new BoundedCache<string, int>("test", 10);
        cache.Set("a", 1);
        cache.TryGet("a", out _);
        cache.TryGet("a", out _);
        cache.TryGet("x", out _);
        cache.Clear();
        var statistic = cache.Statistic();
        Assert.Equal(("test", 0, 2L, 1L), (statistic.Name, statistic.Entries, statistic.Hits, statistic.Misses));
    }

    [Fact(DisplayName = "BoundedCache: RetainOnly drops what is no longer referenced")]
    public void RetainOnly()
    {
        var cache = new BoundedCache<string, int>("test", 10);
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            cache.Set(key, 0);
        }

        Assert.Equal(2, cache.RetainOnly(k => k is "b" or "d"));
        Assert.Equal(new[] { "b", "d" }, cache.Snapshot().Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact(DisplayName = "BoundedCache: a capacity below one is refused")]
    public void RejectsZeroCapacity() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedCache<string, int>("test", 0));
}
