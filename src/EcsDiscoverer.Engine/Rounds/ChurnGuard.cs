using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsDiscoverer.Engine.Output;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// R11: a round that would remove more than a set fraction of a cluster's target groups at once keeps the previous
/// groups, until the same drop has been seen in a set number of consecutive rounds (a one-off run, which has no next
/// round, keeps them unless forced). A bad minute of AWS, or of a deployment, then never empties a cluster.
/// </summary>
internal sealed class ChurnGuard
{
    private readonly ChurnGuardSettings _settings;
    private readonly Dictionary<string, int> _streaks = new(StringComparer.Ordinal);

    public ChurnGuard(ChurnGuardSettings settings)
    {
        _settings = settings;
    }

    /// <summary>Whether removing <paramref name="removed"/> of <paramref name="previous"/> groups is more than <paramref name="maxDrop"/>.</summary>
    public static bool IsLargeDrop(int previous, int removed, double maxDrop) =>
        previous > 0 && removed > 0 && (double)removed / previous > maxDrop;

    /// <summary>
    /// The groups to write: <paramref name="proposed"/>, except for each cluster whose drop is held, which keeps its
    /// previous groups. <paramref name="settled"/> says which clusters this round has an answer for (discovered, or
    /// gone from the selection); failed clusters are not judged here, R10 already keeps theirs. It is only asked when
    /// the guard is on, since it may read the files back.
    /// </summary>
    public List<FileSdGroup> Apply(
        List<FileSdGroup> proposed,
        Func<IReadOnlyCollection<string>> settled,
        PreviousTargets previous,
        bool oneOff,
        bool force,
        List<string> held,
        Action<string> warn)
    {
        if (!_settings.Enabled || force)
        {
            _streaks.Clear();
            return proposed;
        }

        var maxDrop = _settings.MaxDrop!.Value;
        var byCluster = proposed.Where(g => g.ClusterKey is not null).ToLookup(g => g.ClusterKey!, StringComparer.Ordinal);
        var result = proposed;
        foreach (var cluster in settled())
        {
            var before = previous.Of(c => string.Equals(c, cluster, StringComparison.Ordinal));
            var now = new HashSet<string>(byCluster[cluster].Select(g => g.Key), StringComparer.Ordinal);
            var keys = new HashSet<string>(before.Select(g => g.Key), StringComparer.Ordinal);
            var total = keys.Count;
            var removed = keys.Count(k => !now.Contains(k));
            if (!IsLargeDrop(total, removed, maxDrop))
            {
                _streaks.Remove(cluster);
                continue;
            }

            _streaks.TryGetValue(cluster, out var streak);
            streak++;
            var drop = string.Format(
                CultureInfo.InvariantCulture,
                "Cluster {0}: this round would remove {1} of its {2} target group(s) ({3:0}%, more than MAX_TARGET_DROP {4:0.##}%)",
                Rules.ArnParts.ClusterName(cluster),
                removed,
                total,
                100.0 * removed / total,
                100 * maxDrop);
            if (!oneOff && streak >= _settings.Rounds)
            {
                _streaks.Remove(cluster);
                warn($"{drop}; applied, as the drop has now been seen in {streak} consecutive rounds.");
                continue;
            }

            _streaks[cluster] = streak;
            held.Add(Rules.ArnParts.ClusterName(cluster));
            warn(oneOff
                ? $"{drop}; its previous targets were kept. If the drop is real, run again with -Force."
                : $"{drop}; its previous targets were kept ({streak} of {_settings.Rounds} rounds). The drop is applied once it has been seen in {_settings.Rounds} consecutive rounds.");
            result = result.Where(g => !string.Equals(g.ClusterKey, cluster, StringComparison.Ordinal)).Concat(before).ToList();
        }

        return result;
    }
}
