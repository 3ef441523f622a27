namespace EcsDiscoverer;

/// <summary>One cache's size and use.</summary>
public sealed class EcsCacheStatistic
{
    /// <summary><c>task_definitions</c>, <c>container_instances</c>, <c>instance_ips</c> or <c>tasks</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Entries held now.</summary>
    public int Entries { get; set; }

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits { get; set; }

    /// <summary>Lookups that needed an API call.</summary>
    public long Misses { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Entries} ({Hits} hit(s), {Misses} miss(es))";
}
