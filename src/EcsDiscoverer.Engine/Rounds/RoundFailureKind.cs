namespace EcsDiscoverer.Engine.Rounds;

/// <summary>Why a round wrote nothing.</summary>
public enum RoundFailureKind
{
    /// <summary>The round did not fail.</summary>
    None,

    /// <summary>The clusters could not be listed, or every cluster (and wildcard) of the selection failed.</summary>
    Discovery,

    /// <summary>The files could not be written; each kept its previous content.</summary>
    Output,
}
