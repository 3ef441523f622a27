using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>What to discover.</summary>
internal sealed class DiscoveryRequest
{
    /// <summary>Cluster names, ARNs or wildcards; empty means every cluster of the region.</summary>
    public IReadOnlyList<string> Clusters { get; set; } = new List<string>();

    /// <summary>The region the clients call, for messages about a selection that matched nothing.</summary>
    public string Region { get; set; } = "";

    /// <summary>The task events of this account-region, when an event queue feeds it (R18); null when polled.</summary>
    public Events.TaskEventLedger? Events { get; set; }

    /// <summary>
    /// Discover from the events and the caches, without listing clusters or tasks (R18.2); a cluster the caches do
    /// not know yet is listed all the same. False: list every cluster, a reconciliation when <see cref="Events"/> is set.
    /// </summary>
    public bool FromEvents { get; set; }
}
