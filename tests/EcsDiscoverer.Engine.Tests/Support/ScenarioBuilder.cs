using EcsDiscoverer.Emulator;

namespace EcsDiscoverer.Engine.Tests.Support;

/// <summary>Emulator scenarios of any size, made by the emulator's <see cref="ScenarioGenerator"/>.</summary>
internal static class ScenarioBuilder
{
    /// <summary>Bridge tasks only: <paramref name="tasksPerCluster"/> in each cluster, over the families and container instances in turn.</summary>
    public static string Bridge(int clusters, int tasksPerCluster, int families, int instances) =>
        ScenarioGenerator.Generate(new ScenarioGeneratorOptions
        {
            Clusters = clusters,
            Tasks = clusters * tasksPerCluster,
            Families = families,
            Instances = instances,
        }).Json;
}
