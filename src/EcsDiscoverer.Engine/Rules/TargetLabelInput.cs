using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>Everything the label rules (R7, R8, R9) read for one target group.</summary>
internal sealed class TargetLabelInput
{
    /// <summary><c>ip:port</c>.</summary>
    public string Target { get; set; } = "";

    /// <summary>The task definition family.</summary>
    public string Job { get; set; } = "";

    /// <summary>The metrics path.</summary>
    public string MetricsPath { get; set; } = "";

    /// <summary><c>http</c> or <c>https</c> when a convention gave one (R13.3), else null.</summary>
    public string? Scheme { get; set; }

    /// <summary>Visible labels or metadata only (R14).</summary>
    public LabelStyle Style { get; set; }

    /// <summary>The cluster name.</summary>
    public string ClusterName { get; set; } = "";

    /// <summary>The task definition revision.</summary>
    public int Revision { get; set; }

    /// <summary>The task id.</summary>
    public string TaskId { get; set; } = "";

    /// <summary>Whether the task runs on an EC2 container instance (labels container_id, instance_id).</summary>
    public bool IsEc2 { get; set; }

    /// <summary>The container id (last segment of the container ARN).</summary>
    public string? ContainerId { get; set; }

    /// <summary>The EC2 instance id.</summary>
    public string? Ec2InstanceId { get; set; }

    /// <summary><c>PROMETHEUS_NOLABELS=true</c> (R8).</summary>
    public bool NoLabels { get; set; }

    /// <summary>R17: add the visible <c>account_id</c> and <c>region</c> labels (<c>SCOPE_LABELS</c>).</summary>
    public bool ScopeLabels { get; set; }

    /// <summary>The <c>__meta_ecs_*</c> labels.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Meta { get; set; } = new List<KeyValuePair<string, string>>();

    /// <summary>The custom labels of R9 (R9.1-R9.3), already sanitized.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Custom { get; set; } = new List<KeyValuePair<string, string>>();

    /// <summary>The tags <c>TAGS_TO_LABELS</c> makes visible labels (R16), already sanitized.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; set; } = new List<KeyValuePair<string, string>>();
}
