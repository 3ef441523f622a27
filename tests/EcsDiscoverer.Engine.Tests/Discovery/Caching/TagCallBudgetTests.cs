using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EcsDiscoverer.Engine.Tests.Discovery.Caching;

/// <summary>
/// R16 (issue 11): task and task-definition tags come with the DescribeTasks and DescribeTaskDefinition calls discovery
/// already makes (<c>include: ["TAGS"]</c>), so tagging a fleet changes no call count, cold or steady.
/// </summary>
public class TagCallBudgetTests
{
    private static readonly string[] Named = { "c0", "c1", "c2" };
    private readonly ITestOutputHelper _output;

    public TagCallBudgetTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string Fleet(bool tagged)
    {
        var scenario = JsonNode.Parse(ScenarioBuilder.Bridge(clusters: 3, tasksPerCluster: 150, families: 5, instances: 3))!.AsObject();
        if (tagged)
        {
            foreach (var definition in scenario["taskDefinitions"]!.AsArray())
            {
                definition!["tags"] = Tags(("owner", "platform"), ("team", "core"));
            }

            foreach (var task in scenario["clusters"]!.AsArray().SelectMany(c => c!["tasks"]!.AsArray()))
            {
                task!["tags"] = Tags(("team", "payments"), ("aws:ecs:clusterName", "prod"));
            }
        }

        return scenario.ToJsonString();
    }

    private static JsonArray Tags(params (string Key, string Value)[] tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());

    private static bool IsTagLabel(string name) =>
        name is "team" or "owner" || name.StartsWith("__meta_ecs_tag_task", StringComparison.Ordinal) || name == "__meta_ecs_tag_team" || name == "__meta_ecs_tag_owner";

    private static DiscoveryOptions Options() => new() { Rules = new RuleSettings { TagsToLabels = ["team", "owner"] } };

    private static Task<DiscoveryResult> DiscoverAsync(EmulatorHarness harness) =>
        harness.Engine(Options()).DiscoverAsync(new DiscoveryRequest { Clusters = Named }, null, default);

    private static Dictionary<string, int> Served(EmulatorHarness harness) =>
        harness.AllCalls.Where(c => c.Value > 0 && !c.Key.StartsWith("throttled:", StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value);

    private async Task<(Dictionary<string, int> Cold, Dictionary<string, int> Steady, DiscoveryResult Result)> RoundsAsync(bool tagged)
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet(tagged));
        await DiscoverAsync(harness);
        var cold = Served(harness);
        harness.Server.ResetCallCounts();
        var result = await DiscoverAsync(harness);
        var steady = Served(harness);
        _output.WriteLine($"tagged={tagged} cold: {string.Join(", ", cold.OrderBy(c => c.Key, StringComparer.Ordinal))} steady: {string.Join(", ", steady)}");
        return (cold, steady, result);
    }

    [Fact(DisplayName = "R16 budget: a tagged fleet costs the calls of an untagged one, cold and steady, and its tags arrive as labels")]
    public async Task TagsCostNoCall()
    {
        var untagged = await RoundsAsync(tagged: false);
        var tagged = await RoundsAsync(tagged: true);

        Assert.Equal(untagged.Cold, tagged.Cold);
        Assert.Equal(untagged.Steady, tagged.Steady);
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 6 }, tagged.Steady);
        Assert.Equal(6, tagged.Cold["ecs:DescribeTasks"]);
        Assert.Equal(5, tagged.Cold["ecs:DescribeTaskDefinition"]);

        Assert.Equal(450, tagged.Result.Targets.Count);
        foreach (var labels in tagged.Result.Targets.Select(t => t.Labels))
        {
            Assert.Equal("payments", labels["team"]); // the task's tag over the definition's
            Assert.Equal("platform", labels["owner"]);
            Assert.Equal("payments", labels["__meta_ecs_tag_task_team"]);
            Assert.Equal("prod", labels["__meta_ecs_tag_task_aws_ecs_clusterName"]);
            Assert.Equal("core", labels["__meta_ecs_tag_task_definition_team"]);
            Assert.Equal("platform", labels["__meta_ecs_tag_task_definition_owner"]);
            Assert.Equal("payments", labels["__meta_ecs_tag_team"]);
            Assert.False(labels.ContainsKey("__meta_ecs_tag_aws_ecs_clusterName"));
        }

        Assert.All(untagged.Result.Targets, t => Assert.DoesNotContain(t.Labels.Keys, IsTagLabel));
    }

    [Fact(DisplayName = "R16 cache file: a second process keeps the definition's tags from the file, at the calls of a warm round")]
    public async Task TagsSurviveTheCacheFile()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "cache.json");
        await using var harness = await EmulatorHarness.StartAsync(Fleet(tagged: true));
        var first = await DiscoverAsync(harness);
        new CacheFile(path).Save(harness.Session);

        harness.StartNewProcess();
        Assert.Equal(CacheFileStatus.Loaded, new CacheFile(path).LoadInto(harness.Session).Status);
        harness.Server.ResetCallCounts();
        var second = await DiscoverAsync(harness);
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 6 }, Served(harness));
        Assert.Equal(
            first.Targets.Select(t => string.Join(",", t.Labels.Where(l => IsTagLabel(l.Key)))),
            second.Targets.Select(t => string.Join(",", t.Labels.Where(l => IsTagLabel(l.Key)))));
        Assert.All(second.Targets, t => Assert.Equal("platform", t.Labels["__meta_ecs_tag_task_definition_owner"]));
    }
}
