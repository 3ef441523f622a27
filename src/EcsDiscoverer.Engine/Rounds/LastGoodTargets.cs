using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// R10 stale-while-error: a cluster that fails keeps its last good target groups rather than vanishing from
/// Prometheus. A loop remembers them per cluster (which covers PROMETHEUS_NOLABELS groups too); a one-off run,
/// or a loop's first round, finds them in the existing files by their cluster labels.
/// </summary>
public sealed class LastGoodTargets
{
    private readonly Dictionary<string, List<FileSdGroup>> _byCluster = new(StringComparer.Ordinal);
    private readonly LabelNames _labelNames;

    /// <summary>Creates an empty memory; <paramref name="labelNames"/> find a cluster's groups in existing files.</summary>
    public LastGoodTargets(LabelNames labelNames)
    {
        _labelNames = labelNames ?? throw new ArgumentNullException(nameof(labelNames));
    }

    /// <summary>
    /// The groups to write for <paramref name="result"/>: its targets, plus the last good groups of each failed cluster.
    /// <paramref name="explain"/> hears one sentence per failed cluster.
    /// </summary>
    public List<FileSdGroup> Compose(DiscoveryResult result, string directory, Action<string> explain)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        explain ??= _ => { };
        var groups = result.Targets.Select(FileSdGroup.From).ToList();
        IReadOnlyList<FileSdGroup>? existing = null;
        foreach (var failure in result.Failures)
        {
            var name = ArnParts.ClusterName(failure.Cluster);
            if (_byCluster.TryGetValue(name, out var remembered))
            {
                groups.AddRange(remembered);
                explain($"Cluster {name} failed this round; kept its {remembered.Count} target group(s) from the last good round.");
                continue;
            }

            existing ??= FileSdReader.ReadDirectory(directory);
            var kept = existing.Where(g => FileSdReader.BelongsToCluster(g, name, _labelNames)).ToList();
            groups.AddRange(kept);
            explain($"Cluster {name} failed this round; kept its {kept.Count} target group(s) from the existing files.");
        }

        return groups;
    }

    /// <summary>Remembers the groups of every cluster <paramref name="result"/> discovered, once they were written.</summary>
    public void Remember(DiscoveryResult result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        var byCluster = result.Targets.ToLookup(t => t.ClusterName, StringComparer.Ordinal);
        foreach (var cluster in result.DiscoveredClusters)
        {
            _byCluster[cluster] = byCluster[cluster].Select(FileSdGroup.From).ToList();
        }
    }
}
