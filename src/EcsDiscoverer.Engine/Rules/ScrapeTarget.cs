using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>One target group: a container's <c>ip:port</c> (<c>[ipv6]:port</c>) with one metrics path and interval, and its labels.</summary>
public sealed class ScrapeTarget
{
    /// <summary>The interval, which decides the output file.</summary>
    public ScrapeInterval Interval { get; set; }

    /// <summary>The IPv4 or IPv6 address (R5, R15), without brackets.</summary>
    public string Host { get; set; } = "";

    /// <summary>The port.</summary>
    public int Port { get; set; }

    /// <summary><c>ip:port</c> or <c>[ipv6]:port</c>, the file_sd target.</summary>
    public string Target => AddressRule.HostPort(Host, Port);

    /// <summary>The metrics path.</summary>
    public string MetricsPath { get; set; } = "";

    /// <summary>The scheme a convention gave (<c>http</c> or <c>https</c>, R13.3), or null for Prometheus's default.</summary>
    public string? Scheme { get; set; }

    /// <summary>The marking convention that made this target (R13).</summary>
    public string Convention { get; set; } = "";

    /// <summary>The job: the task definition family, or the job name a convention gave.</summary>
    public string Job { get; set; } = "";

    /// <summary>The cluster name.</summary>
    public string ClusterName { get; set; } = "";

    /// <summary>The cluster ARN.</summary>
    public string ClusterArn { get; set; } = "";

    /// <summary>The task ARN.</summary>
    public string TaskArn { get; set; } = "";

    /// <summary>The account id the task runs in, from its ARN (R17).</summary>
    public string Account => ArnParts.Account(TaskArn) is { Length: > 0 } account ? account : ArnParts.Account(ClusterArn);

    /// <summary>The region the task runs in, from its ARN.</summary>
    public string Region => ArnParts.Region(TaskArn) is { Length: > 0 } region ? region : ArnParts.Region(ClusterArn);

    /// <summary>The task id.</summary>
    public string TaskId { get; set; } = "";

    /// <summary>The task definition ARN.</summary>
    public string TaskDefinitionArn { get; set; } = "";

    /// <summary>The task definition revision.</summary>
    public int Revision { get; set; }

    /// <summary>The container name.</summary>
    public string ContainerName { get; set; } = "";

    /// <summary>The container ARN, when known.</summary>
    public string? ContainerArn { get; set; }

    /// <summary>The image.</summary>
    public string? Image { get; set; }

    /// <summary>EC2, FARGATE, EXTERNAL, or null for capacity-provider tasks.</summary>
    public string? LaunchType { get; set; }

    /// <summary>The task definition's network mode as ECS reports it (<c>bridge</c> when absent).</summary>
    public string NetworkMode { get; set; } = "";

    /// <summary>The EC2 instance id, for tasks on EC2 container instances.</summary>
    public string? Ec2InstanceId { get; set; }

    /// <summary>The labels of the target group, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = LabelDictionary.From(new Dictionary<string, string>());
}
