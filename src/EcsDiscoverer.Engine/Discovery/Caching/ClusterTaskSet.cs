using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// What the last successful round of one cluster leaves behind: its complete tasks, which need not be described
/// again while ListTasks keeps listing them, and the facts every listed task refers to, which must stay cached.
/// </summary>
internal sealed class ClusterTaskSet
{
    /// <summary>Creates a set.</summary>
    public ClusterTaskSet(
        string cluster,
        DateTimeOffset seenAt,
        IReadOnlyDictionary<string, EcsTask> completeTasks,
        IReadOnlyCollection<string> taskDefinitionArns,
        IReadOnlyCollection<string> containerInstanceArns,
        IReadOnlyCollection<string> instanceIds,
        IReadOnlyDictionary<string, EvaluatedTask>? evaluations = null,
        IReadOnlyDictionary<string, string>? incomplete = null,
        IReadOnlyDictionary<string, EcsTask>? incompleteTasks = null)
    {
        Cluster = cluster;
        SeenAt = seenAt;
        CompleteTasks = completeTasks;
        TaskDefinitionArns = taskDefinitionArns;
        ContainerInstanceArns = containerInstanceArns;
        InstanceIds = instanceIds;
        Evaluations = evaluations ?? new Dictionary<string, EvaluatedTask>();
        Incomplete = incomplete ?? new Dictionary<string, string>();
        IncompleteTasks = incompleteTasks ?? new Dictionary<string, EcsTask>();
    }

    /// <summary>
    /// The incomplete tasks as last described or told by an event, by task ARN: a round from events evaluates them
    /// again without describing them (their next event brings what they lack); a listing round describes them.
    /// </summary>
    public IReadOnlyDictionary<string, EcsTask> IncompleteTasks { get; }

    /// <summary>
    /// The tasks that were described but not complete (pending, no binding or address yet), with what the rules made
    /// of them as text: the next round describes them again, and only a different answer counts as a change.
    /// </summary>
    public IReadOnlyDictionary<string, string> Incomplete { get; }

    /// <summary>The cluster name.</summary>
    public string Cluster { get; }

    /// <summary>When the cluster was last discovered.</summary>
    public DateTimeOffset SeenAt { get; }

    /// <summary>RUNNING tasks whose targets were complete, by task ARN.</summary>
    public IReadOnlyDictionary<string, EcsTask> CompleteTasks { get; }

    /// <summary>What the rules made of the complete tasks, by task ARN; empty for a set read from a cache file.</summary>
    public IReadOnlyDictionary<string, EvaluatedTask> Evaluations { get; }

    /// <summary>The task definitions of every listed task, complete or not.</summary>
    public IReadOnlyCollection<string> TaskDefinitionArns { get; }

    /// <summary>The container instances of every listed task.</summary>
    public IReadOnlyCollection<string> ContainerInstanceArns { get; }

    /// <summary>The EC2 instances behind those container instances.</summary>
    public IReadOnlyCollection<string> InstanceIds { get; }
}
