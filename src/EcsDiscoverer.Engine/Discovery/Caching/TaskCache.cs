using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// Described tasks per cluster. A running task's address and ports never change while it runs, so a task whose
/// targets were complete is not described again while ListTasks lists it; each successful round of a cluster
/// replaces its set, which forgets the tasks that dropped out of the listing.
/// </summary>
internal sealed class TaskCache
{
    /// <summary>The name in statistics and metrics.</summary>
    public const string CacheName = "tasks";

    private readonly ConcurrentDictionary<string, ClusterTaskSet> _clusters = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;

    /// <summary>The complete task <paramref name="taskArn"/> of <paramref name="cluster"/>, counting a hit or a miss.</summary>
    public bool TryGet(string cluster, string taskArn, out EcsTask task)
    {
        if (_clusters.TryGetValue(cluster, out var set) && set.CompleteTasks.TryGetValue(taskArn, out var found))
        {
            Interlocked.Increment(ref _hits);
            task = found;
            return true;
        }

        Interlocked.Increment(ref _misses);
        task = null!;
        return false;
    }

    /// <summary>
    /// What <paramref name="rules"/> made of the complete task <paramref name="taskArn"/> when it was described, if
    /// the same rules evaluated it (a run with other label names evaluates again). Not counted: it follows a hit.
    /// </summary>
    public bool TryGetEvaluation(string cluster, string taskArn, RuleSettings rules, out EvaluatedTask evaluated)
    {
        if (_clusters.TryGetValue(cluster, out var set) && set.Evaluations.TryGetValue(taskArn, out var found) && found.Rules.SameAs(rules))
        {
            evaluated = found;
            return true;
        }

        evaluated = null!;
        return false;
    }

    /// <summary>What the last successful round of <paramref name="cluster"/> left, or null.</summary>
    public ClusterTaskSet? Of(string cluster) => _clusters.TryGetValue(cluster, out var set) ? set : null;

    /// <summary>Replaces what is known of <see cref="ClusterTaskSet.Cluster"/>.</summary>
    public void Update(ClusterTaskSet set)
    {
        if (set is null)
        {
            throw new ArgumentNullException(nameof(set));
        }

        _clusters[set.Cluster] = set;
    }

    /// <summary>Forgets a cluster (it no longer exists).</summary>
    public void Forget(string cluster) => _clusters.TryRemove(cluster, out _);

    /// <summary>Forgets the clusters not discovered since <paramref name="cutoff"/>, so that deleted clusters do not stay.</summary>
    public void ForgetClustersNotSeenSince(DateTimeOffset cutoff)
    {
        foreach (var set in _clusters.Values.Where(s => s.SeenAt < cutoff).ToList())
        {
            _clusters.TryRemove(set.Cluster, out _);
        }
    }

    /// <summary>The cluster sets held now.</summary>
    public IReadOnlyList<ClusterTaskSet> Clusters => _clusters.Values.ToList();

    /// <summary>Drops every cluster; the hit and miss counts stay.</summary>
    public void Clear() => _clusters.Clear();

    /// <summary>Size and use for statistics and metrics; the entries are complete tasks.</summary>
    public CacheStatistic Statistic() =>
        new(CacheName, _clusters.Values.Sum(s => s.CompleteTasks.Count), Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));
}
