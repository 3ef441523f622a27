using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>Turns the user's cluster names, ARNs and wildcards into the clusters to discover.</summary>
internal static class ClusterResolver
{
    /// <summary>
    /// Literal names and ARNs are used as they are (ListTasks reports a missing one), so that naming clusters
    /// costs no ListClusters call. Wildcards, or no clusters at all, list the region's clusters.
    /// </summary>
    /// <remarks>
    /// A wildcard that matches nothing is a <see cref="ClusterFailure"/> (a typo or the wrong region must not
    /// empty the files): alone it fails the round, beside other clusters it keeps its last good targets (R10).
    /// </remarks>
    public static async Task<ClusterSelection> ResolveAsync(
        IReadOnlyList<ClusterPattern> patterns, string region, IEcsApi ecs, IDiscoveryLog log, CancellationToken cancellationToken)
    {
        var unmatched = new List<ClusterFailure>();
        if (patterns.Count > 0 && patterns.All(p => !p.IsWildcard))
        {
            return new ClusterSelection(patterns.Select(p => p.Text).Distinct(StringComparer.Ordinal).ToList(), unmatched);
        }

        var all = await Pages.CollectAsync(ecs.ListClustersAsync, cancellationToken).ConfigureAwait(false);
        log.Verbose($"ListClusters: {all.Count} cluster(s) in the region");
        if (patterns.Count == 0)
        {
            // An account that really has no cluster gets empty files: that is the truth, not a mistake.
            return new ClusterSelection(all, unmatched);
        }

        var selected = new List<string>();
        foreach (var pattern in patterns)
        {
            if (!pattern.IsWildcard)
            {
                selected.Add(pattern.Text);
                continue;
            }

            var matches = all.Where(arn => pattern.Matches(arn, ArnParts.ClusterName(arn))).ToList();
            if (matches.Count == 0)
            {
                var available = string.Join(", ", all.Select(ArnParts.ClusterName).Take(20)) + (all.Count > 20 ? ", ..." : "");
                unmatched.Add(new ClusterFailure(pattern.Text, new ClusterSelectionException(pattern.Text, AccountOf(all), region, available)));
            }

            selected.AddRange(matches);
        }

        // A cluster named twice (once by name, once by a wildcard's ARN) is discovered once.
        var clusters = selected
            .GroupBy(ArnParts.ClusterName, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        return new ClusterSelection(clusters, unmatched);
    }

    // arn:PARTITION:ecs:REGION:ACCOUNT:cluster/NAME
    private static string? AccountOf(List<string> clusterArns)
    {
        var parts = clusterArns.Count == 0 ? Array.Empty<string>() : clusterArns[0].Split(':');
        return parts.Length > 5 && parts[4].Length > 0 ? parts[4] : null;
    }
}
