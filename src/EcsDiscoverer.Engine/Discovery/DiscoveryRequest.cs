using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>What to discover.</summary>
internal sealed class DiscoveryRequest
{
    /// <summary>Cluster names, ARNs or wildcards; empty means every cluster of the region.</summary>
    public IReadOnlyList<string> Clusters { get; set; } = new List<string>();

    /// <summary>The region the clients call, for messages about a selection that matched nothing.</summary>
    public string Region { get; set; } = "";
}
