using EcsDiscoverer.Emulator;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>The 1,000-task mixed fleet (bridge, host, Fargate; three intervals) the generator tests share.</summary>
internal static class MixedScenario
{
    public static ScenarioGeneratorOptions Options => new()
    {
        Clusters = 3,
        Tasks = 1000,
        Families = 20,
        Instances = 30,
        FargatePercent = 20,
        HostPercent = 10,
        Intervals = ["30s", "1m"],
    };
}
