using System.Globalization;

namespace EcsDiscoverer.Emulator;

/// <summary>A scenario made by <see cref="ScenarioGenerator"/>: its JSON and what is in it.</summary>
public sealed class GeneratedScenario
{
    internal GeneratedScenario(string json, ScenarioGeneratorOptions options, IReadOnlyList<int> tasksPerCluster, TaskMix mix, int instances)
    {
        Json = json;
        Options = options;
        TasksPerCluster = tasksPerCluster;
        BridgeTasks = mix.Count(GeneratedTaskKind.Bridge);
        HostTasks = mix.Count(GeneratedTaskKind.Host);
        FargateTasks = mix.Count(GeneratedTaskKind.Fargate);
        Instances = instances;
    }

    /// <summary>The scenario file's text (indented); the same options always give the same text.</summary>
    public string Json { get; }

    /// <summary>The options it was made from.</summary>
    public ScenarioGeneratorOptions Options { get; }

    /// <summary>Tasks in each cluster, <c>c0</c> first.</summary>
    public IReadOnlyList<int> TasksPerCluster { get; }

    /// <summary>All tasks.</summary>
    public int Tasks => BridgeTasks + HostTasks + FargateTasks;

    /// <summary>Bridge-mode EC2 tasks.</summary>
    public int BridgeTasks { get; }

    /// <summary>Host-mode EC2 tasks.</summary>
    public int HostTasks { get; }

    /// <summary>Fargate awsvpc tasks.</summary>
    public int FargateTasks { get; }

    /// <summary>Task definitions (one revision per family).</summary>
    public int TaskDefinitions => Options.Families;

    /// <summary>EC2 instances (one per container instance).</summary>
    public int Instances { get; }

    /// <summary>One line, e.g. <c>1000 tasks (800 bridge, 0 host, 200 fargate) in 3 clusters (334/333/333), 20 task definitions, 90 EC2 instances</c>.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Tasks} tasks ({BridgeTasks} bridge, {HostTasks} host, {FargateTasks} fargate) in {TasksPerCluster.Count} clusters " +
        $"({Spread()}), {TaskDefinitions} task definitions, {Instances} EC2 instances");

    /// <summary>Loads the scenario into a new emulator state.</summary>
    public EmulatorScenario ToScenario() => EmulatorScenario.Parse(Json);

    // 1,000 clusters would make the summary a page long: show the range then.
    private string Spread() => TasksPerCluster.Count <= 10
        ? string.Join('/', TasksPerCluster)
        : string.Create(CultureInfo.InvariantCulture, $"{TasksPerCluster.Min()}-{TasksPerCluster.Max()} each");
}
