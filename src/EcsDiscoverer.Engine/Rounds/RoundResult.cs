namespace EcsDiscoverer.Engine.Rounds;

/// <summary>How a discovery round ended.</summary>
public enum RoundResult
{
    /// <summary>Every cluster was discovered and the files were written.</summary>
    Success,

    /// <summary>Some clusters failed; they kept their last good targets, the others were updated.</summary>
    Partial,

    /// <summary>Nothing usable: every cluster failed, the clusters could not be listed, or the files could not be written.</summary>
    Failed,
}
