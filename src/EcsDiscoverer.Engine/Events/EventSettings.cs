using System;
using EcsDiscoverer.Engine.Aws.Sqs;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// The event source of the loop (R18): <c>EVENT_QUEUE_URL</c> (<c>-EventQueueUrl</c>; per scope, the scope's
/// <c>EventQueueUrl</c>), <c>RECONCILE_INTERVAL</c> and <c>EVENT_TASK_TAGS</c>. Without a queue the loop polls, as before.
/// </summary>
public sealed class EventSettings
{
    /// <summary>The default of <see cref="ReconcileInterval"/>.</summary>
    public static readonly TimeSpan DefaultReconcileInterval = TimeSpan.FromMinutes(5);

    /// <summary>The queue that receives the ECS task state change events of the scopes that name none of their own.</summary>
    public string? QueueUrl { get; set; }

    /// <summary>How often a scope kept by events is listed all the same, to repair what events missed.</summary>
    public TimeSpan ReconcileInterval { get; set; } = DefaultReconcileInterval;

    /// <summary>Whether task tags are read with events on: each started task is then described once for its tags.</summary>
    public bool TaskTags { get; set; }

    /// <summary>Why <paramref name="url"/> is not a queue URL, or empty (a setting's check).</summary>
    public static string QueueUrlProblem(string url) =>
        QueueAddress.TryParse(url, out _, out var problem) ? "" : problem.Replace($"'{url}' ", "");
}
