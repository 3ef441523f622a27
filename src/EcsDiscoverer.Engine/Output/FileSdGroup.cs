using System.Collections.Generic;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>One entry of a file_sd file: a target and its labels, in the file of its interval.</summary>
public sealed class FileSdGroup
{
    /// <summary>Creates a group.</summary>
    public FileSdGroup(ScrapeInterval interval, string target, string job, string metricsPath, IReadOnlyDictionary<string, string> labels)
    {
        Interval = interval;
        Target = target;
        Job = job;
        MetricsPath = metricsPath;
        Labels = labels;
        var arn = labels.TryGetValue(TargetLabelRule.ClusterArnLabel, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        Cluster = arn is null ? null : ArnParts.ClusterName(arn);
        ClusterKey = arn;
    }

    /// <summary>The interval: which file the group goes in.</summary>
    public ScrapeInterval Interval { get; }

    /// <summary><c>ip:port</c>.</summary>
    public string Target { get; }

    /// <summary>The job, the first sort key.</summary>
    public string Job { get; }

    /// <summary>The metrics path, the third sort key.</summary>
    public string MetricsPath { get; }

    /// <summary>The labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>
    /// The name of the cluster the group belongs to: its <c>__meta_ecs_cluster_arn</c> label's, or the cluster it was
    /// discovered in; null for a group that says neither (a hand-made pipeline object).
    /// </summary>
    public string? Cluster { get; private init; }

    /// <summary>
    /// Which cluster the group belongs to for R10 and the churn guard: its cluster ARN, which names account and region
    /// too (a cluster <c>prod</c> in two regions is two clusters), or the name for a group that carries no ARN.
    /// </summary>
    public string? ClusterKey { get; private init; }

    /// <summary>The identity of the target within its file: the same target, path and interval is the same scrape.</summary>
    public string Key => ((int)Interval).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Target + " " + MetricsPath;

    /// <summary>The group of a discovered target.</summary>
    public static FileSdGroup From(ScrapeTarget target) =>
        new(target.Interval, target.Target, target.Job, target.MetricsPath, target.Labels) { Cluster = target.ClusterName, ClusterKey = target.ClusterArn.Length > 0 ? target.ClusterArn : target.ClusterName };
}
