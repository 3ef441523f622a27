using System.Collections.Generic;
using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>The fields of an ECS task that discovery reads.</summary>
internal sealed class EcsTask : IJsonOnDeserialized
{
    /// <summary>The task ARN (old <c>task/ID</c> or new <c>task/CLUSTER/ID</c> format).</summary>
    public string? TaskArn { get; set; }

    /// <summary>The cluster ARN.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? ClusterArn { get; set; }

    /// <summary>The task definition ARN (with revision).</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? TaskDefinitionArn { get; set; }

    /// <summary>The container instance the task runs on (EC2 and EXTERNAL).</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? ContainerInstanceArn { get; set; }

    /// <summary>PROVISIONING, PENDING, ACTIVATING, RUNNING, ... (R1).</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? LastStatus { get; set; }

    /// <summary>The status ECS drives the task towards.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? DesiredStatus { get; set; }

    /// <summary>EC2, FARGATE or EXTERNAL; absent for capacity-provider tasks.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? LaunchType { get; set; }

    /// <summary>The availability zone.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? AvailabilityZone { get; set; }

    /// <summary><c>service:NAME</c> for service tasks, <c>family:NAME</c> or custom otherwise.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Group { get; set; }

    /// <summary>HEALTHY, UNHEALTHY or UNKNOWN.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? HealthStatus { get; set; }

    /// <summary>The running containers.</summary>
    public List<EcsContainer>? Containers { get; set; }

    /// <summary>The platform family of a Fargate task (<c>Linux</c>, <c>Windows Server 2022 Core</c>, ...).</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? PlatformFamily { get; set; }

    /// <summary>The Fargate platform version (<c>1.4.0</c>).</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? PlatformVersion { get; set; }

    /// <summary>Attachments (the ENI of awsvpc tasks).</summary>
    public List<EcsAttachment>? Attachments { get; set; }

    /// <summary>The overrides the task was started with.</summary>
    public EcsTaskOverride? Overrides { get; set; }

    /// <summary>
    /// The task's version: ECS raises it with every change of the task, and a task state change event carries the
    /// version it describes, so that events delivered twice or out of order can be told apart (R18).
    /// </summary>
    public long? Version { get; set; }

    /// <summary>The task's tags (DescribeTasks with <c>include: ["TAGS"]</c>, R16); null when it has none.</summary>
    public List<EcsTag>? Tags { get; set; }

    /// <summary>
    /// Drops overrides that change nothing the rules read: ECS reports a <c>containerOverrides</c> entry for every
    /// container, mostly with its name only, and a cached task would keep those objects for as long as it runs.
    /// </summary>
    public void OnDeserialized()
    {
        if (Overrides?.ContainerOverrides is { } overrides && !overrides.Exists(o => o?.Environment is { Count: > 0 }))
        {
            Overrides = null;
        }

        if (Tags is { Count: 0 })
        {
            Tags = null;
        }
    }
}
