using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace EcsDiscoverer.Engine.Aws.Ec2;

/// <summary>
/// What DescribeInstances tells about the EC2 instance behind a container instance: its addresses (R5, R15) and the
/// facts of Prometheus's <c>role: ecs</c> labels (R14). Never changes while the instance runs, so it is cached.
/// </summary>
internal sealed record Ec2HostFacts
{
    /// <summary>The instance's private IPv4 address (<c>PrivateIpAddress</c>), as EC2 gave it.</summary>
    public string? PrivateIpv4 { get; init; }

    /// <summary>Its IPv6 address: <c>Ipv6Address</c>, else the first of its network interfaces' <c>Ipv6Addresses</c>.</summary>
    public string? Ipv6 { get; init; }

    /// <summary>The instance type, such as <c>m7g.large</c>.</summary>
    public string? InstanceType { get; init; }

    /// <summary>Its public IPv4 address (<c>PublicIpAddress</c>), when it has one.</summary>
    public string? PublicIpv4 { get; init; }

    /// <summary>Its subnet.</summary>
    public string? SubnetId { get; init; }

    /// <summary>Its tags, key to value (EC2 keys are unique per resource).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Whether EC2 gave an address of either family; facts without one are not cached, so they are asked again.</summary>
    [JsonIgnore]
    public bool HasAddress => !string.IsNullOrWhiteSpace(PrivateIpv4) || !string.IsNullOrWhiteSpace(Ipv6);

    /// <summary>
    /// Whether <paramref name="id"/> is an SSM managed-node id (<c>mi-</c>): the <c>ec2InstanceId</c> of an ECS Anywhere
    /// (<c>EXTERNAL</c>) container instance. EC2 does not know it, so it is never sent to DescribeInstances.
    /// </summary>
    public static bool IsManagedInstanceId(string? id) => id is not null && id.StartsWith("mi-", StringComparison.Ordinal);
}
