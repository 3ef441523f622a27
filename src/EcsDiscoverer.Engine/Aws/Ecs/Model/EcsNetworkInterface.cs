namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A network interface of a running container (awsvpc network mode).</summary>
internal sealed class EcsNetworkInterface
{
    /// <summary>The private IPv4 address of the task's ENI.</summary>
    public string? PrivateIpv4Address { get; set; }

    /// <summary>The IPv6 address of the task's ENI (R15), in subnets with IPv6.</summary>
    public string? Ipv6Address { get; set; }
}
