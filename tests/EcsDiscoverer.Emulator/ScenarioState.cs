using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The emulated account, already expanded to what ECS and EC2 return (ARNs filled in).
/// Objects stay <see cref="JsonObject"/> so that any field a scenario gives, or omits, reaches
/// the client unchanged. Not thread-safe: <see cref="EmulatorScenario"/> guards it.
/// </summary>
internal sealed class ScenarioState
{
    public ScenarioState(string region) => Region = region;

    public string Region { get; }

    /// <summary>EC2 instances: <c>instanceId</c>, optional <c>privateIpAddress</c>, <c>state</c>, <c>availabilityZone</c>.</summary>
    public List<JsonObject> Instances { get; } = [];

    /// <summary>Task definitions as DescribeTaskDefinition returns them.</summary>
    public List<JsonObject> TaskDefinitions { get; } = [];

    public List<ClusterState> Clusters { get; } = [];

    public ClusterState? FindCluster(string nameOrArn) =>
        Clusters.Find(c => c.Name == nameOrArn || c.Arn == nameOrArn);

    public JsonObject? FindInstance(string instanceId) =>
        Instances.Find(i => JsonFields.AsString(i["instanceId"]) == instanceId);

    public void AddInstance(JsonObject raw)
    {
        var instance = ScenarioExpander.Instance(raw);
        var id = JsonFields.AsString(instance["instanceId"])!;
        Unique(FindInstance(id) is null, $"instance {id}");
        Instances.Add(instance);
    }

    public string AddTaskDefinition(JsonObject raw)
    {
        var definition = ScenarioExpander.TaskDefinition(Region, raw);
        var arn = JsonFields.AsString(definition["taskDefinitionArn"])!;
        Unique(TaskDefinitionResolver.Find(TaskDefinitions, arn) is null, $"task definition {arn}");
        TaskDefinitions.Add(definition);
        return arn;
    }

    public ClusterState AddCluster(string name, JsonObject extraFields)
    {
        Unique(FindCluster(name) is null, $"cluster {name}");
        var arn = JsonFields.AsString(extraFields["clusterArn"]) ?? EcsArns.Cluster(Region, name);
        extraFields.Remove("clusterArn");
        var cluster = new ClusterState(name, arn, extraFields);
        Clusters.Add(cluster);
        return cluster;
    }

    public string AddContainerInstance(ClusterState cluster, JsonObject raw)
    {
        var instance = ScenarioExpander.ContainerInstance(Region, cluster.Name, raw);
        var arn = JsonFields.AsString(instance["containerInstanceArn"])!;
        Unique(cluster.FindContainerInstance(arn) is null, $"container instance {arn}");
        cluster.ContainerInstances.Add(instance);
        return arn;
    }

    public string AddTask(ClusterState cluster, JsonObject raw)
    {
        var task = ScenarioExpander.Task(this, cluster, raw);
        var arn = JsonFields.AsString(task["taskArn"])!;
        Unique(cluster.FindTask(arn) is null && cluster.FindTask(EcsArns.LastSegment(arn)) is null, $"task {arn}");
        cluster.AddTask(task);
        return arn;
    }

    public ScenarioState Clone()
    {
        var copy = new ScenarioState(Region);
        copy.Instances.AddRange(Instances.Select(Copy));
        copy.TaskDefinitions.AddRange(TaskDefinitions.Select(Copy));
        copy.Clusters.AddRange(Clusters.Select(c => c.Clone()));
        return copy;
    }

    private static void Unique(bool isNew, string what)
    {
        if (!isNew)
        {
            throw new FormatException($"Scenario has {what} twice.");
        }
    }

    internal static JsonObject Copy(JsonObject node) => (JsonObject)node.DeepClone();
}
