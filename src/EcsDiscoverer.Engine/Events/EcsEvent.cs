using System;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// One ECS state change event as read from the queue: a task's ("ECS Task State Change") or a container instance's
/// ("ECS Container Instance State Change"). The detail of a task event is the task as DescribeTasks describes it,
/// without its tags (R18).
/// </summary>
internal sealed class EcsEvent
{
    /// <summary>The EventBridge event id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The account the event happened in.</summary>
    public string Account { get; init; } = "";

    /// <summary>The region the event happened in.</summary>
    public string Region { get; init; } = "";

    /// <summary>The cluster's ARN.</summary>
    public string ClusterArn { get; init; } = "";

    /// <summary>The task, for a task event; null for a container instance event.</summary>
    public EcsTask? Task { get; init; }

    /// <summary>The container instance, for a container instance event.</summary>
    public EcsContainerInstance? ContainerInstance { get; init; }

    /// <summary>The version of the task or container instance the event describes; ECS raises it with every change.</summary>
    public long Version { get; init; }

    /// <summary>
    /// When ECS made the change: the detail's <c>updatedAt</c> (milliseconds), else the envelope's <c>time</c>
    /// (seconds); null when neither reads. The start of the event-to-write latency.
    /// </summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>The task's ARN, or empty.</summary>
    public string TaskArn => Task?.TaskArn ?? "";

    /// <summary>
    /// Whether the task is leaving: stopped, or asked to stop (desired status STOPPED). Either way it leaves the
    /// targets at once, as ListTasks (desired status RUNNING) stops listing it.
    /// </summary>
    public bool IsStopping =>
        Task is not null
        && (string.Equals(Task.LastStatus, "STOPPED", StringComparison.Ordinal)
            || string.Equals(Task.DesiredStatus, "STOPPED", StringComparison.Ordinal)
            || string.Equals(Task.LastStatus, "DEPROVISIONING", StringComparison.Ordinal));
}
