using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Turns the scenario shorthand (ids, <c>"web:3"</c>) into the objects ECS returns (ARNs).
/// Only the listed fields are added; everything else is copied verbatim, and a field the
/// scenario omits stays absent, so tests can feed clients incomplete objects on purpose.
/// </summary>
internal static class ScenarioExpander
{
    private const string Running = "RUNNING";

    public static JsonObject TaskDefinition(AwsScope scope, JsonObject raw)
    {
        var family = String(raw, "family") ?? throw Invalid("task definition", "has no \"family\"", raw);
        if (!JsonFields.TryGetInteger(raw["revision"], out var revision) || revision < 1)
        {
            throw Invalid("task definition", "needs an integer \"revision\" of 1 or more", raw);
        }

        var result = new JsonObject { ["taskDefinitionArn"] = String(raw, "taskDefinitionArn") ?? EcsArns.TaskDefinition(scope, family, revision) };
        return CopyRest(raw, result);
    }

    public static JsonObject ContainerInstance(AwsScope scope, string cluster, JsonObject raw)
    {
        var arn = String(raw, "containerInstanceArn")
            ?? (String(raw, "id") is { } id ? EcsArns.ContainerInstance(scope, cluster, id)
                : throw Invalid("container instance", "needs \"id\" or \"containerInstanceArn\"", raw));
        var result = CopyRest(raw, new JsonObject { ["containerInstanceArn"] = arn }, "id");
        result.TryAdd("status", "ACTIVE");
        return result;
    }

    public static JsonObject Task(ScenarioState state, ClusterState cluster, JsonObject raw)
    {
        var taskArn = String(raw, "taskArn")
            ?? (String(raw, "id") is { } id ? EcsArns.Task(state.Scope, cluster.Name, id)
                : throw Invalid("task", "needs \"id\" or \"taskArn\"", raw));
        var taskId = EcsArns.LastSegment(taskArn);
        var result = new JsonObject
        {
            ["taskArn"] = taskArn,
            ["clusterArn"] = String(raw, "clusterArn") ?? cluster.Arn,
        };
        if ((String(raw, "taskDefinitionArn") ?? TaskDefinitionArn(state, String(raw, "taskDefinition"))) is { } definitionArn)
        {
            result["taskDefinitionArn"] = definitionArn;
        }

        if ((String(raw, "containerInstanceArn") ?? ContainerInstanceArn(state.Scope, cluster.Name, String(raw, "containerInstance"))) is { } instanceArn)
        {
            result["containerInstanceArn"] = instanceArn;
        }

        CopyRest(raw, result, "id", "taskDefinition", "containerInstance");
        if (raw["containers"] is JsonArray containers)
        {
            result["containers"] = new JsonArray(containers.Select(c => Container(state.Scope, cluster.Name, taskId, c)).ToArray());
        }

        result.TryAdd("desiredStatus", Running);
        result.TryAdd("lastStatus", Running);
        return result;
    }

    public static JsonObject Instance(JsonObject raw)
    {
        if (String(raw, "instanceId") is null)
        {
            throw Invalid("instance", "has no \"instanceId\"", raw);
        }

        return ScenarioState.Copy(raw);
    }

    /// <summary>A string field, or null when absent; any other JSON type is a scenario mistake.</summary>
    public static string? String(JsonObject raw, string name) => raw[name] switch
    {
        null => null,
        var node => JsonFields.AsString(node) ?? throw Invalid("object", $"has a non-string \"{name}\"", raw),
    };

    private static JsonNode? Container(AwsScope scope, string cluster, string taskId, JsonNode? node)
    {
        if (node is not JsonObject raw)
        {
            return node?.DeepClone();
        }

        var arn = String(raw, "containerArn")
            ?? EcsArns.Container(scope, cluster, taskId, String(raw, "id") ?? EcsArns.StableContainerId(cluster, taskId, String(raw, "name") ?? ""));
        return CopyRest(raw, new JsonObject { ["containerArn"] = arn }, "id");
    }

    private static string? TaskDefinitionArn(ScenarioState state, string? reference)
    {
        if (reference is null || EcsArns.IsArn(reference))
        {
            return reference;
        }

        var colon = reference.LastIndexOf(':');
        if (colon > 0 && long.TryParse(reference.AsSpan(colon + 1), out var revision))
        {
            return EcsArns.TaskDefinition(state.Scope, reference[..colon], revision);
        }

        // A bare family means "latest ACTIVE", as ECS resolves it when a task is started.
        return JsonFields.AsString(TaskDefinitionResolver.Find(state.TaskDefinitions, reference)?["taskDefinitionArn"])
            ?? throw new FormatException($"Scenario task refers to task definition family \"{reference}\", which has no ACTIVE revision in the scenario.");
    }

    private static string? ContainerInstanceArn(AwsScope scope, string cluster, string? reference) =>
        reference is null || EcsArns.IsArn(reference) ? reference : EcsArns.ContainerInstance(scope, cluster, reference);

    private static JsonObject CopyRest(JsonObject raw, JsonObject result, params string[] shorthands)
    {
        foreach (var (name, value) in raw)
        {
            if (!result.ContainsKey(name) && !shorthands.Contains(name))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private static FormatException Invalid(string what, string problem, JsonObject raw) =>
        new($"Scenario {what} {problem}: {Truncate(raw.ToJsonString())}");

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
