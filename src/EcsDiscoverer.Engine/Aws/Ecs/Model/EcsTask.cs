using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>The fields of an ECS task that discovery reads.</summary>
internal sealed class EcsTask
{
    /// <summary>The task ARN (old <c>task/ID</c> or new <c>task/CLUSTER/ID</c> format).</summary>
    public string? TaskArn { get; set; }

    /// <summary>The cluster ARN.</summary>
    public string? ClusterArn { get; set; }

    /// <summary>The task definition ARN (with revision).</summary>
    public string? TaskDefinitionArn { get; set; }

    /// <summary>The container instance the task runs on (EC2 and EXTERNAL).</summary>
    public string? ContainerInstanceArn { get; set; }

    /// <summary>PROVISIONING, PENDING, ACTIVATING, RUNNING, ... (R1).</summary>
    public string? LastStatus { get; set; }

    /// <summary>The status ECS drives the task towards.</summary>
    public string? DesiredStatus { get; set; }

    /// <summary>EC2, FARGATE or EXTERNAL; absent for capacity-provider tasks.</summary>
    public string? LaunchType { get; set; }

    /// <summary>The availability zone.</summary>
    public string? AvailabilityZone { get; set; }

    /// <summary><c>service:NAME</c> for service tasks, <c>family:NAME</c> or custom otherwise.</summary>
    public string? Group { get; set; }

    /// <summary>HEALTHY, UNHEALTHY or UNKNOWN.</summary>
    public string? HealthStatus { get; set; }

    /// <summary>The running containers.</summary>
    public List<EcsContainer>? Containers { get; set; }

    /// <summary>Attachments (the ENI of awsvpc tasks).</summary>
    public List<EcsAttachment>? Attachments { get; set; }

    /// <summary>The overrides the task was started with.</summary>
    public EcsTaskOverride? Overrides { get; set; }
}
