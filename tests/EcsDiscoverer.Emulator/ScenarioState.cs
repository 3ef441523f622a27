using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// One emulated account and region (<see cref="AwsScope"/>), already expanded to what ECS and EC2 return (ARNs filled in).
/// Objects stay <see cref="JsonObject"/> so that any field a scenario gives, or omits, reaches
/// the client unchanged. Not thread-safe: <see cref="EmulatorScenario"/> guards it.
/// </summary>
internal sealed class ScenarioState
{
    public ScenarioState(AwsScope scope) => Scope = scope;

    /// <summary>The account and region every ARN of this state is built in.</summary>
    public AwsScope Scope { get; }

    public string Region => Scope.Region;

    /// <summary>True while nothing has been added: an account and region no scenario seeded.</summary>
    public bool IsEmpty => Instances.Count == 0 && TaskDefinitions.Count == 0 && Clusters.Count == 0;

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
        var definition = ScenarioExpander.TaskDefinition(Scope, raw);
        var arn = JsonFields.AsString(definition["taskDefinitionArn"])!;
        Unique(TaskDefinitionResolver.Find(TaskDefinitions, arn) is null, $"task definition {arn}");
        TaskDefinitions.Add(definition);
        return arn;
    }

    public ClusterState AddCluster(string name, JsonObject extraFields)
    {
        Unique(FindCluster(name) is null, $"cluster {name}");
        var arn = JsonFields.AsString(extraFields["clusterArn"]) ?? EcsArns.Cluster(Scope, name);
        extraFields.Remove("clusterArn");
        var cluster = new ClusterState(name, arn, extraFields);
        Clusters.Add(cluster);
        return cluster;
    }

    public string AddContainerInstance(ClusterState cluster, JsonObject raw)
    {
        var instance = ScenarioExpander.ContainerInstance(Scope, cluster.Name, raw);
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

    /// <summary>
    /// The fewest ECS calls one listing round of this account and region can make: the ListClusters pages, and a
    /// ListTasks page per 100 RUNNING tasks of each cluster (one for an empty cluster), at ECS's page size of 100.
    /// </summary>
    public int ListingFloor => EcsRequest.ListingFloor(Clusters.ConvertAll(cluster => cluster.TaskArns("RUNNING").Count));

    public ScenarioState Clone()
    {
        var copy = new ScenarioState(Scope);
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
