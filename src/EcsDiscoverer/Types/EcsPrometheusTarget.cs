using System.Collections.Specialized;

namespace EcsDiscoverer;

/// <summary>
/// One Prometheus target group: a container's <c>ip:port</c>, one metrics path and interval, and the labels
/// written to the file_sd file. <see cref="Labels"/> is what <c>Export-EcsFileSd</c> writes; edit it to change the file.
/// </summary>
public sealed class EcsPrometheusTarget
{
    /// <summary><c>ip:port</c>. (Not named Address: <c>$targets.Address</c> would hit array members.)</summary>
    public string Target { get; set; } = "";

    /// <summary>The scrape job: the task definition family.</summary>
    public string Job { get; set; } = "";

    /// <summary>The metrics path.</summary>
    public string MetricsPath { get; set; } = "";

    /// <summary><c>http</c> or <c>https</c> when the container's convention gave a scheme (rule R13.3), else empty.</summary>
    public string Scheme { get; set; } = "";

    /// <summary>The marking convention that found the container (rule R13): prometheus, promed, teralytics, cloudwatch or prometheus.io.</summary>
    public string Convention { get; set; } = "";

    /// <summary><c>generic</c>, <c>15s</c>, <c>30s</c>, <c>1m</c> or <c>5m</c>.</summary>
    public string Interval { get; set; } = "generic";

    /// <summary>The output file of the interval, e.g. <c>30s-tasks.json</c>.</summary>
    public string FileName { get; set; } = "tasks.json";

    /// <summary>The cluster name.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>The AWS account id the task runs in (rule R17); with several scopes, say which account a cluster is in.</summary>
    public string Account { get; set; } = "";

    /// <summary>The region the task runs in.</summary>
    public string Region { get; set; } = "";

    /// <summary>The task id.</summary>
    public string TaskId { get; set; } = "";

    /// <summary>The task ARN.</summary>
    public string TaskArn { get; set; } = "";

    /// <summary>The container name.</summary>
    public string ContainerName { get; set; } = "";

    /// <summary><c>family:revision</c>.</summary>
    public string TaskDefinition { get; set; } = "";

    /// <summary>EC2, FARGATE, EXTERNAL, or empty for capacity-provider tasks.</summary>
    public string LaunchType { get; set; } = "";

    /// <summary>bridge, host, awsvpc or none.</summary>
    public string NetworkMode { get; set; } = "";

    /// <summary>The EC2 instance id, for tasks on EC2 container instances.</summary>
    public string Ec2InstanceId { get; set; } = "";

    /// <summary>
    /// Every label of the target group, sorted by name. An <see cref="EcsLabelSet"/> as discovered, so that it exports to
    /// CSV as <c>{name="value", ...}</c>; any ordered dictionary may be set in its place.
    /// </summary>
    public OrderedDictionary Labels { get; set; } = new EcsLabelSet();

    /// <summary>
    /// Which clusters the discovery that made this object covered and which failed. Internal, so that it is not shown;
    /// it survives Where-Object and Sort-Object, which pass the same object on, and lets Export-EcsFileSd keep a failed
    /// cluster's last good targets when the pipeline was filtered.
    /// </summary>
    internal Engine.Discovery.DiscoveryOutcome? Outcome { get; set; }

    /// <inheritdoc />
    public override string ToString() => Target + MetricsPath;
}
