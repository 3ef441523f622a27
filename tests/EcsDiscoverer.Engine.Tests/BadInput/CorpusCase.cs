using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// One bad input: a task definition and a task (as an emulator scenario writes them), and what discovery must make of
/// them. Everything the case adds to the scenario is its own: family, task id, and any container or EC2 instance.
/// </summary>
internal sealed class CorpusCase
{
    public required string Id { get; init; }

    /// <summary>The setting or shape tried (marker, port, endpoint, ..., arn), for the counts of the README.</summary>
    public required string Category { get; init; }

    public required string Description { get; init; }

    /// <summary>The cluster the task runs in; cases that fail a whole DescribeTasks call get a cluster of their own.</summary>
    public string Cluster { get; init; } = BadInputCorpus.MainCluster;

    /// <summary>An explicit cluster ARN (other partitions); by default the emulator builds one from the name.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>The task definition, or null when the task refers to one that does not exist.</summary>
    public JsonObject? TaskDefinition { get; init; }

    public required JsonObject Task { get; init; }

    public List<JsonObject> ContainerInstances { get; } = new();

    public List<JsonObject> Ec2Instances { get; } = new();

    public required CaseExpectation Expected { get; init; }

    /// <summary>The task ARN discovery reports the case's targets and skips under.</summary>
    public string TaskArn =>
        (string?)Task["taskArn"] ?? $"arn:aws:ecs:{BadInputCorpus.Region}:{BadInputCorpus.Account}:task/{Cluster}/{(string?)Task["id"]}";

    public override string ToString() => $"{Id}: {Description}";
}
