using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// Which clusters one discovery covered and which failed, without the targets. Target objects on the pipeline carry
/// it, so that Export-EcsFileSd fed by a filtered pipeline still keeps a failed cluster's last good targets (R10).
/// </summary>
public sealed class DiscoveryOutcome
{
    /// <summary>Creates the outcome.</summary>
    public DiscoveryOutcome(IReadOnlyList<string> discoveredClusters, IReadOnlyList<ClusterFailure> failures)
    {
        DiscoveredClusters = discoveredClusters ?? throw new ArgumentNullException(nameof(discoveredClusters));
        Failures = failures ?? throw new ArgumentNullException(nameof(failures));
    }

    /// <summary>The clusters discovered successfully: their ARNs where known, else their names.</summary>
    public IReadOnlyList<string> DiscoveredClusters { get; }

    /// <summary>The clusters (and wildcards) that failed.</summary>
    public IReadOnlyList<ClusterFailure> Failures { get; }

    /// <summary>True when clusters were asked for and every one of them failed: nothing of this round is usable.</summary>
    public bool FailedEntirely => Failures.Count > 0 && DiscoveredClusters.Count == 0;

    /// <summary>The outcome of several discoveries whose targets were piped together.</summary>
    public static DiscoveryOutcome Combine(IEnumerable<DiscoveryOutcome> outcomes)
    {
        var all = (outcomes ?? throw new ArgumentNullException(nameof(outcomes))).ToList();
        var discovered = all.SelectMany(o => o.DiscoveredClusters).Distinct(StringComparer.Ordinal).ToList();
        // A cluster one discovery failed and another one got is not failed: its targets are in the pipeline.
        var failures = all.SelectMany(o => o.Failures)
            .Where(f => !discovered.Any(f.Covers))
            .GroupBy(f => f.Cluster, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        return new DiscoveryOutcome(discovered, failures);
    }
}
