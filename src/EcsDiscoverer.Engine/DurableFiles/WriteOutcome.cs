namespace EcsDiscoverer.Engine.DurableFiles;

/// <summary>What writing one file did.</summary>
internal enum WriteOutcome
{
    /// <summary>The file was replaced (or created) with new content.</summary>
    Written,

    /// <summary>The file already had this content; it was not touched (R10).</summary>
    Unchanged,
}
