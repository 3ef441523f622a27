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
}
