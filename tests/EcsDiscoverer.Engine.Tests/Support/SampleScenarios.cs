using System;
using System.IO;

namespace EcsDiscoverer.Engine.Tests.Support;

/// <summary>The emulator's sample scenarios, copied next to the test assembly under <c>Scenarios/</c>.</summary>
internal static class SampleScenarios
{
    /// <summary>The demo account: clusters demo-ec2 and demo-fargate, 11 targets in three files (see the README's demo).</summary>
    public static string Demo => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", "demo.json"));
}
