using System;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

public class GeneratedScenarioServingTests
{
    private static readonly ScenarioGeneratorOptions Mixed = MixedScenario.Options;

    [Fact(DisplayName = "Generated 1,000 tasks: the emulator loads them and ListTasks pages through all of them, 100 a page")]
    public async Task ListTasksPagesThroughAll()
    {
        await using var emulator = await EcsEmulatorServer.StartAsync(ScenarioGenerator.Generate(Mixed).ToScenario());
        using var client = new EmulatorClient(emulator.Endpoint);

        var all = new System.Collections.Generic.List<string>();
        foreach (var (cluster, expected) in new[] { ("c0", 334), ("c1", 333), ("c2", 333) })
        {
            var (arns, pages) = await client.ListAllTasksAsync(cluster);
            Assert.Equal(expected, arns.Count);
            Assert.Equal(4, pages);
            Assert.All(arns, a => Assert.StartsWith($"arn:aws:ecs:us-east-1:123456789012:task/{cluster}/t", a));
            all.AddRange(arns);
        }

        Assert.Equal(1000, all.Distinct().Count());
        Assert.Equal(12, emulator.CallCounts["ecs:ListTasks"]);
    }

    [Fact(DisplayName = "Generated 1,000 mixed tasks: discovery finds 1,000 distinct targets, spread over the generic, 30s and 1m files")]
    public async Task DiscoveryFindsEveryTask()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioGenerator.Generate(Mixed).Json);
        var result = await harness.DiscoverAsync();

        Assert.Empty(result.Failures);
        Assert.Empty(result.Skipped);
        Assert.Equal(1000, result.Targets.Count);
        Assert.Equal(1000, result.Targets.Select(t => t.Target).Distinct().Count());
        Assert.Equal(200, result.Targets.Count(t => t.Host.StartsWith("172.16.", StringComparison.Ordinal) && t.Port == 8080));
        Assert.Equal(100, result.Targets.Count(t => t.NetworkMode == "host" && t.Port >= 9100 && t.Port < 9200));

        var perFile = result.Targets.GroupBy(t => t.Interval).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new[] { ScrapeInterval.Generic, ScrapeInterval.Seconds30, ScrapeInterval.Minute1 }, perFile.Keys.OrderBy(k => k));
        Assert.All(perFile.Values, n => Assert.InRange(n, 200, 500));
    }
}
