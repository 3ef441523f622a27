using System.Globalization;

namespace EcsDiscoverer.Emulator;

/// <summary>A scenario made by <see cref="ScenarioGenerator"/>: its JSON and what is in it.</summary>
public sealed class GeneratedScenario
{
    internal GeneratedScenario(string json, ScenarioGeneratorOptions options, IReadOnlyList<GeneratedScope> scopes, TaskMix mix, int instances)
    {
        Json = json;
        Options = options;
        Scopes = scopes;
        TasksPerCluster = scopes.SelectMany(scope => scope.TasksPerCluster).ToList();
        BridgeTasks = mix.Count(GeneratedTaskKind.Bridge);
        HostTasks = mix.Count(GeneratedTaskKind.Host);
        FargateTasks = mix.Count(GeneratedTaskKind.Fargate);
        Instances = instances;
    }

    /// <summary>The scenario file's text (indented); the same options always give the same text.</summary>
    public string Json { get; }

    /// <summary>The options it was made from.</summary>
    public ScenarioGeneratorOptions Options { get; }

    /// <summary>The accounts and regions, with their tasks per cluster (one scope unless the options ask for a fleet).</summary>
    public IReadOnlyList<GeneratedScope> Scopes { get; }

    /// <summary>Tasks in each cluster, <c>c0</c> first, scope after scope.</summary>
    public IReadOnlyList<int> TasksPerCluster { get; }

    /// <summary>All tasks.</summary>
    public int Tasks => BridgeTasks + HostTasks + FargateTasks;

    /// <summary>Bridge-mode EC2 tasks.</summary>
    public int BridgeTasks { get; }

    /// <summary>Host-mode EC2 tasks.</summary>
    public int HostTasks { get; }

    /// <summary>Fargate awsvpc tasks.</summary>
    public int FargateTasks { get; }

    /// <summary>Task definitions (one revision per family, in every scope).</summary>
    public int TaskDefinitions => Options.Families * Scopes.Count;

    /// <summary>EC2 instances (one per container instance).</summary>
    public int Instances { get; }

    /// <summary>One line, e.g. <c>1000 tasks (800 bridge, 0 host, 200 fargate) in 3 clusters (334/333/333), 20 task definitions, 90 EC2 instances</c>.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Tasks} tasks ({BridgeTasks} bridge, {HostTasks} host, {FargateTasks} fargate) in {TasksPerCluster.Count} clusters " +
        $"({Spread()}){Fleet()}, {TaskDefinitions} task definitions, {Instances} EC2 instances");

    /// <summary>Loads the scenario into a new emulator state.</summary>
    public EmulatorScenario ToScenario() => EmulatorScenario.Parse(Json);

    private string Fleet() => Scopes.Count == 1
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $" over {Scopes.Count} scopes ({Options.Accounts} accounts x {Options.Regions} regions)");

    // 1,000 clusters would make the summary a page long: show the range then.
    private string Spread() => TasksPerCluster.Count <= 10
        ? string.Join('/', TasksPerCluster)
        : string.Create(CultureInfo.InvariantCulture, $"{TasksPerCluster.Min()}-{TasksPerCluster.Max()} each");
}

/// <summary>One account and region of a generated scenario.</summary>
/// <param name="Account">The account id.</param>
/// <param name="Region">The region.</param>
/// <param name="TasksPerCluster">Tasks in each of its clusters, <c>c0</c> first.</param>
public sealed record GeneratedScope(string Account, string Region, IReadOnlyList<int> TasksPerCluster)
{
    /// <summary>All its tasks.</summary>
    public int Tasks => TasksPerCluster.Sum();

    /// <summary>
    /// The fewest ECS calls a listing round of this scope can make, and what a steady round (nothing changed, all
    /// described before) should cost: the ListClusters pages and one ListTasks page per 100 tasks of each cluster
    /// (one for an empty cluster). <c>GET /_emulator/scopes</c> reports the same from the live state.
    /// </summary>
    public int ListingFloor => EcsRequest.ListingFloor(TasksPerCluster.ToList());
}
