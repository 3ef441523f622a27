using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>The size and use of one engine cache, as Get-EcsDiscoveryStatistic and the self-metrics show it.</summary>
public sealed class CacheStatistic
{
    /// <summary>Creates a snapshot.</summary>
    public CacheStatistic(string name, int entries, long hits, long misses)
    {
        Name = name;
        Entries = entries;
        Hits = hits;
        Misses = misses;
    }

    /// <summary>The cache: <c>task_definitions</c>, <c>container_instances</c>, <c>instance_ips</c> or <c>tasks</c>.</summary>
    public string Name { get; }

    /// <summary>Entries held now.</summary>
    public int Entries { get; }

    /// <summary>Lookups answered from the cache since it was created.</summary>
    public long Hits { get; }

    /// <summary>Lookups that needed an API call since it was created.</summary>
    public long Misses { get; }

    /// <summary>The statistics of several sessions' caches, summed per cache (the metrics of a run of several scopes).</summary>
    public static IReadOnlyList<CacheStatistic> Totals(IEnumerable<CacheStatistic> statistics) =>
        statistics
            .GroupBy(s => s.Name, System.StringComparer.Ordinal)
            .Select(g => new CacheStatistic(g.Key, g.Sum(s => s.Entries), g.Sum(s => s.Hits), g.Sum(s => s.Misses)))
            .ToList();
}
