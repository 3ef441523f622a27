using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>How far a discovery is: whole clusters, and the steps inside the clusters still running.</summary>
public sealed class DiscoveryProgress
{
    internal DiscoveryProgress(int completedClusters, int totalClusters, int percentComplete, string status)
    {
        CompletedClusters = completedClusters;
        TotalClusters = totalClusters;
        PercentComplete = percentComplete;
        Status = status;
    }

    /// <summary>Clusters done, failed or not.</summary>
    public int CompletedClusters { get; }

    /// <summary>Clusters in the discovery.</summary>
    public int TotalClusters { get; }

    /// <summary>0 to 100, moving with each DescribeTasks batch and task-definition fetch, not only per cluster.</summary>
    public int PercentComplete { get; }

    /// <summary>One line for a progress bar: clusters done and what a running cluster is doing.</summary>
    public string Status { get; }
}

/// <summary>
/// Turns the steps of clusters running side by side into <see cref="DiscoveryProgress"/> reports. A cluster's share is
/// split in two halves: describing its tasks (per DescribeTasks batch) and fetching their task definitions (per
/// definition). Thread-safe.
/// </summary>
internal sealed class DiscoveryProgressTracker
{
    /// <summary>The step that describes a cluster's tasks, in DescribeTasks batches.</summary>
    public const string DescribeTasksStep = "tasks described";

    /// <summary>The step that reads the task definitions of a cluster's tasks, from the cache or DescribeTaskDefinition.</summary>
    public const string TaskDefinitionsStep = "task definitions read";

    private readonly IDiscoveryLog _log;
    private readonly int _total;
    private readonly Dictionary<string, double> _running = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private int _completed;

    public DiscoveryProgressTracker(IDiscoveryLog log, int totalClusters)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _total = totalClusters;
    }

    /// <summary>Reports the start: nothing done yet.</summary>
    public void Start() => Report(string.Format(CultureInfo.InvariantCulture, "{0} cluster(s)", _total));

    /// <summary><paramref name="done"/> of <paramref name="total"/> items of a step of <paramref name="cluster"/> are done.</summary>
    public void Step(string cluster, string step, int done, int total)
    {
        if (total <= 0)
        {
            return;
        }

        var withinStep = Math.Min(1.0, (double)done / total);
        var fraction = step == DescribeTasksStep ? 0.5 * withinStep : 0.5 + (0.5 * withinStep);
        lock (_lock)
        {
            _running[cluster] = fraction;
        }

        Report(string.Format(
            CultureInfo.InvariantCulture,
            "{0} of {1} cluster(s) done; {2}: {3} of {4} {5}",
            Volatile.Read(ref _completed),
            _total,
            cluster,
            done,
            total,
            step));
    }

    /// <summary>A cluster is done, whatever its result.</summary>
    public void ClusterDone(string cluster)
    {
        int completed;
        lock (_lock)
        {
            _running.Remove(cluster);
            completed = ++_completed;
        }

        Report(string.Format(CultureInfo.InvariantCulture, "{0} of {1} cluster(s) done, last {2}", completed, _total, cluster));
    }

    private void Report(string status)
    {
        int completed;
        double running;
        lock (_lock)
        {
            completed = _completed;
            running = _running.Values.Sum();
        }

        var percent = _total == 0 ? 100 : (int)(100.0 * (completed + running) / _total);
        _log.Progress(new DiscoveryProgress(completed, _total, completed < _total ? Math.Min(99, percent) : 100, status));
    }
}
