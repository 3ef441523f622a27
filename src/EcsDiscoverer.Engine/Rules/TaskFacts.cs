using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>What is known about one task when its targets are built.</summary>
internal sealed class TaskFacts
{
    /// <summary>Creates the facts of a task whose host (if any) is known only by its private IPv4 address.</summary>
    public TaskFacts(EcsTask task, EcsTaskDefinition definition, string clusterName, string? ec2InstanceId, string? hostPrivateIp)
        : this(hostPrivateIp is null ? null : new Ec2HostFacts { PrivateIpv4 = hostPrivateIp }, task, definition, clusterName, ec2InstanceId)
    {
    }

    private TaskFacts(Ec2HostFacts? host, EcsTask task, EcsTaskDefinition definition, string clusterName, string? ec2InstanceId)
    {
        Task = task;
        Definition = definition;
        ClusterName = clusterName;
        Ec2InstanceId = ec2InstanceId;
        Host = host;
    }

    /// <summary>Creates the facts of a task on <paramref name="host"/> (null: no host, or not known).</summary>
    public static TaskFacts OnHost(EcsTask task, EcsTaskDefinition definition, string clusterName, string? ec2InstanceId, Ec2HostFacts? host) =>
        new(host, task, definition, clusterName, ec2InstanceId);

    /// <summary>The task as DescribeTasks reported it.</summary>
    public EcsTask Task { get; }

    /// <summary>Its task definition.</summary>
    public EcsTaskDefinition Definition { get; }

    /// <summary>The cluster name.</summary>
    public string ClusterName { get; }

    /// <summary>
    /// The instance behind the task's container instance, when any: an EC2 instance id, or for ECS Anywhere an SSM
    /// managed-node id (<c>mi-</c>).
    /// </summary>
    public string? Ec2InstanceId { get; }

    /// <summary>That EC2 instance's addresses and facts (R5, R14, R15), when known.</summary>
    public Ec2HostFacts? Host { get; }
}
