namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>What loading a cache file found.</summary>
public enum CacheFileStatus
{
    /// <summary>The file was read into the caches.</summary>
    Loaded,

    /// <summary>There is no such file yet.</summary>
    Missing,

    /// <summary>The file is damaged (truncated, edited, not ours); it was ignored.</summary>
    Corrupt,

    /// <summary>The file was written for another endpoint or region, or by another format version; it was ignored.</summary>
    Foreign,
}
