using System;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Aws.Resilience;

namespace EcsDiscoverer.Engine.Tests.Faults;

/// <summary>
/// The account every fault test starts from, and the change made to it between rounds. Three clusters, each with
/// EC2 bridge and Fargate tasks; between rounds each cluster loses task t0 and gains a task of a new task
/// definition on a new container instance (new EC2 instance), so the next round calls every operation again.
/// </summary>
internal static class FaultScenario
{
    public static readonly string[] Clusters = ["c0", "c1", "c2"];

    /// <summary>
    /// Two retries, milliseconds apart, and an attempt timeout short enough for slow faults to cost little, yet long
    /// enough that a loaded machine (two cores shared by parallel builds) does not time out a normal call.
    /// </summary>
    public static RetrySettings Retry => new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromMilliseconds(600),
    };

    /// <summary><see cref="Retry"/> without a timeout that could fire: for the fault-free reference, whose request count is the yardstick.</summary>
    public static RetrySettings PatientRetry
    {
        get
        {
            var retry = Retry;
            retry.AttemptTimeout = TimeSpan.FromSeconds(30);
            return retry;
        }
    }

    /// <summary>Past the attempt timeout of <see cref="Retry"/>.</summary>
    public static TimeSpan SlowerThanTimeout => TimeSpan.FromMilliseconds(1500);

    public static string Json => ScenarioGenerator.Generate(new ScenarioGeneratorOptions
    {
        Clusters = 3,
        Tasks = 12,
        Families = 2,
        Instances = 1,
        FargatePercent = 50,
    }).Json;

    /// <summary>Every cluster: task t0 stops; a new container instance on a new EC2 instance runs a task of a new definition.</summary>
    public static void Change(EmulatorScenario scenario)
    {
        scenario.AddTaskDefinition("""
            {"family":"late","revision":1,"networkMode":"bridge","containerDefinitions":[{"name":"app","image":"late:1",
             "environment":[{"name":"PROMETHEUS","value":"true"}],"portMappings":[{"containerPort":8080,"hostPort":0}]}]}
            """);
        for (var i = 0; i < Clusters.Length; i++)
        {
            var cluster = Clusters[i];
            var instance = $"i-0feed0000000000{i:x2}";
            scenario.AddInstance(instance, $"10.9.0.{i + 1}");
            scenario.AddContainerInstance(cluster, "ci-late", instance);
            scenario.RunTasks(cluster, "late:1", "ci-late");
            if (!scenario.RemoveTask(cluster, "t0"))
            {
                throw new InvalidOperationException($"{cluster} has no task t0");
            }
        }
    }
}
