using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>One emulated cluster: its container instances and tasks, expanded as ECS returns them.</summary>
internal sealed class ClusterState
{
    public ClusterState(string name, string arn, JsonObject extraFields)
    {
        Name = name;
        Arn = arn;
        ExtraFields = extraFields;
    }

    public string Name { get; }

    public string Arn { get; }

    /// <summary>Fields the scenario gave the cluster beyond its name, kept for scenarios that describe clusters fully; no served action returns them.</summary>
    public JsonObject ExtraFields { get; }

    public List<JsonObject> ContainerInstances { get; } = [];

    public List<JsonObject> Tasks { get; } = [];

    /// <summary>Matches an ARN exactly, or a bare id against the ARN's last segment.</summary>
    public JsonObject? FindTask(string arnOrId) => Find(Tasks, "taskArn", arnOrId);

    public JsonObject? FindContainerInstance(string arnOrId) => Find(ContainerInstances, "containerInstanceArn", arnOrId);

    public ClusterState Clone()
    {
        var copy = new ClusterState(Name, Arn, ScenarioState.Copy(ExtraFields));
        copy.ContainerInstances.AddRange(ContainerInstances.Select(ScenarioState.Copy));
        copy.Tasks.AddRange(Tasks.Select(ScenarioState.Copy));
        return copy;
    }

    private static JsonObject? Find(List<JsonObject> items, string arnField, string arnOrId)
    {
        // An ARN must match whole: lenient matching would hide a client that builds wrong ARNs.
        var byArn = EcsArns.IsArn(arnOrId);
        return items.Find(item => JsonFields.AsString(item[arnField]) is { } arn
            && (byArn ? arn == arnOrId : EcsArns.LastSegment(arn) == arnOrId));
    }
}
