using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>What is known about one task when its targets are built.</summary>
internal sealed class TaskFacts
{
    /// <summary>Creates the facts.</summary>
    public TaskFacts(EcsTask task, EcsTaskDefinition definition, string clusterName, string? ec2InstanceId, string? hostPrivateIp)
    {
        Task = task;
        Definition = definition;
        ClusterName = clusterName;
        Ec2InstanceId = ec2InstanceId;
        HostPrivateIp = hostPrivateIp;
    }

    /// <summary>The task as DescribeTasks reported it.</summary>
    public EcsTask Task { get; }

    /// <summary>Its task definition.</summary>
    public EcsTaskDefinition Definition { get; }

    /// <summary>The cluster name.</summary>
    public string ClusterName { get; }

    /// <summary>The EC2 instance behind the task's container instance, when any.</summary>
    public string? Ec2InstanceId { get; }

    /// <summary>That instance's private IPv4 address, when known.</summary>
    public string? HostPrivateIp { get; }
}
