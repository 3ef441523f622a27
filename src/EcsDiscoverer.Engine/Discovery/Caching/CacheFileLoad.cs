namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>The outcome of loading a cache file, with a message for the user.</summary>
internal sealed class CacheFileLoad
{
    /// <summary>Creates an outcome.</summary>
    public CacheFileLoad(CacheFileStatus status, string message)
    {
        Status = status;
        Message = message;
    }

    /// <summary>What was found.</summary>
    public CacheFileStatus Status { get; }

    /// <summary>What happened, in a sentence (verbose when loaded, a warning otherwise).</summary>
    public string Message { get; }
}
