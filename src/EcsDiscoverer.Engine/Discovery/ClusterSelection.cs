using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>The clusters to discover, and the wildcards that matched none.</summary>
internal sealed record ClusterSelection(IReadOnlyList<string> Clusters, IReadOnlyList<ClusterFailure> Unmatched);
