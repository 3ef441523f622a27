namespace EcsDiscoverer.Engine.Rules;

/// <summary>The names of the R7 labels, configurable for users whose dashboards expect others.</summary>
public sealed class LabelNames
{
    /// <summary><c>instance</c>.</summary>
    public string Instance { get; set; } = "instance";

    /// <summary><c>job</c>.</summary>
    public string Job { get; set; } = "job";

    /// <summary><c>metrics_path</c>.</summary>
    public string MetricsPath { get; set; } = "metrics_path";

    /// <summary><c>cluster</c>.</summary>
    public string Cluster { get; set; } = "cluster";

    /// <summary><c>task_version</c>.</summary>
    public string TaskVersion { get; set; } = "task_version";

    /// <summary><c>task_id</c>.</summary>
    public string TaskId { get; set; } = "task_id";

    /// <summary><c>container_id</c>.</summary>
    public string ContainerId { get; set; } = "container_id";

    /// <summary><c>instance_id</c>.</summary>
    public string InstanceId { get; set; } = "instance_id";

    /// <summary>Whether every name is the same.</summary>
    public bool SameAs(LabelNames other) =>
        other is not null
        && Instance == other.Instance && Job == other.Job && MetricsPath == other.MetricsPath && Cluster == other.Cluster
        && TaskVersion == other.TaskVersion && TaskId == other.TaskId && ContainerId == other.ContainerId && InstanceId == other.InstanceId;
}
