using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

public class ScenarioGeneratorTests
{
    private static readonly ScenarioGeneratorOptions Mixed = MixedScenario.Options;

    private static JsonObject Json(GeneratedScenario scenario) => JsonNode.Parse(scenario.Json)!.AsObject();

    private static IEnumerable<JsonObject> Tasks(JsonObject scenario) =>
        scenario["clusters"]!.AsArray().SelectMany(c => c!["tasks"]!.AsArray()).Select(t => t!.AsObject());

    private static string Field(JsonNode? node, string name) => node![name]!.GetValue<string>();

    [Fact(DisplayName = "Generator: the same options give the same JSON, also through the spec text")]
    public void Deterministic()
    {
        var first = ScenarioGenerator.Generate(Mixed).Json;
        Assert.Equal(first, ScenarioGenerator.Generate(Mixed).Json);
        Assert.Equal(first, ScenarioGenerator.Generate(ScenarioGeneratorOptions.Parse(Mixed.ToString())).Json);
        Assert.NotEqual(first, ScenarioGenerator.Generate(new ScenarioGeneratorOptions { Clusters = 3, Tasks = 1000, Families = 20, Instances = 30 }).Json);
    }

    [Fact(DisplayName = "Generator: 1,000 tasks over 3 clusters are spread 334/333/333 with ids t0.. per cluster")]
    public void SpreadsTasksEvenly()
    {
        var scenario = ScenarioGenerator.Generate(Mixed);
        Assert.Equal(new[] { 334, 333, 333 }, scenario.TasksPerCluster);
        Assert.Equal(1000, scenario.Tasks);

        var clusters = Json(scenario)["clusters"]!.AsArray();
        Assert.Equal(new[] { "c0", "c1", "c2" }, clusters.Select(c => Field(c, "name")));
        Assert.Equal(new[] { 334, 333, 333 }, clusters.Select(c => c!["tasks"]!.AsArray().Count));
        Assert.Equal(Enumerable.Range(0, 333).Select(i => "t" + i), clusters[2]!["tasks"]!.AsArray().Select(t => Field(t, "id")));
        Assert.All(clusters, c => Assert.Equal(30, c!["containerInstances"]!.AsArray().Count));
        Assert.Equal(90, Json(scenario)["instances"]!.AsArray().Count);
        Assert.Equal("1000 tasks (700 bridge, 100 host, 200 fargate) in 3 clusters (334/333/333), 20 task definitions, 90 EC2 instances", scenario.Summary);
    }

    [Fact(DisplayName = "Generator: the percents give exact kind counts, Fargate tasks carry their address in the ENI attachment")]
    public void MixesKinds()
    {
        var scenario = ScenarioGenerator.Generate(Mixed);
        var json = Json(scenario);
        var modes = json["taskDefinitions"]!.AsArray().ToDictionary(d => Field(d, "family") + ":1", d => Field(d, "networkMode"));
        Assert.Equal(20, modes.Count);
        Assert.All(new[] { "bridge", "host", "awsvpc" }, mode => Assert.Contains(mode, modes.Values));

        var tasks = Tasks(json).ToList();
        var fargate = tasks.Where(t => Field(t, "launchType") == "FARGATE").ToList();
        Assert.Equal(200, fargate.Count);
        Assert.Equal(100, tasks.Count(t => modes[Field(t, "taskDefinition")] == "host"));
        Assert.Equal(700, tasks.Count(t => modes[Field(t, "taskDefinition")] == "bridge"));
        Assert.All(fargate, t =>
        {
            Assert.Equal("awsvpc", modes[Field(t, "taskDefinition")]);
            Assert.Null(t["containerInstance"]);
            Assert.Empty(t["containers"]![0]!["networkBindings"]!.AsArray());
            var details = t["attachments"]![0]!["details"]!.AsArray();
            Assert.StartsWith("172.16.", Field(details.Single(d => Field(d, "name") == "privateIPv4Address"), "value"));
        });
        Assert.Equal(200, fargate.Select(t => Field(t["attachments"]![0]!["details"]![4], "value")).Distinct().Count());

        // Each cluster gets about the same mix, not all Fargate tasks in the last one.
        Assert.All(json["clusters"]!.AsArray(), c => Assert.InRange(c!["tasks"]!.AsArray().Count(t => Field(t, "launchType") == "FARGATE"), 66, 67));
    }

    [Fact(DisplayName = "Generator: families take turns between the generic endpoint and each interval")]
    public void Intervals()
    {
        var endpoints = Json(ScenarioGenerator.Generate(Mixed))["taskDefinitions"]!.AsArray()
            .Select(d => d!["containerDefinitions"]![0]!["environment"]!.AsArray()
                .Where(e => Field(e, "name") == "PROMETHEUS_ENDPOINT").Select(e => Field(e, "value")).SingleOrDefault())
            .ToList();
        Assert.Equal(new[] { null, "30s:/metrics", "1m:/metrics", null, "30s:/metrics" }, endpoints.Take(5));
        Assert.Equal(7, endpoints.Count(e => e is null));
    }

    [Fact(DisplayName = "Generator: ScenarioBuilder.Bridge keeps its shape: fam(t % families), ci(t % instances), host port 30000 + t")]
    public void BridgeBuilder()
    {
        var json = JsonNode.Parse(ScenarioBuilder.Bridge(clusters: 2, tasksPerCluster: 30, families: 4, instances: 3))!.AsObject();
        Assert.All(json["taskDefinitions"]!.AsArray(), d => Assert.Equal("bridge", Field(d, "networkMode")));
        var clusters = json["clusters"]!.AsArray();
        Assert.All(clusters, c => Assert.Equal(30, c!["tasks"]!.AsArray().Count));
        var t5 = clusters[1]!["tasks"]![5]!;
        Assert.Equal("fam1:1", Field(t5, "taskDefinition"));
        Assert.Equal("ci2", Field(t5, "containerInstance"));
        Assert.Equal(30005, t5["containers"]![0]!["networkBindings"]![0]!["hostPort"]!.GetValue<int>());

        // Every container instance has an EC2 instance of its own, as in ECS.
        Assert.Equal(6, json["instances"]!.AsArray().Count);
        Assert.Equal(
            6,
            clusters.SelectMany(c => c!["containerInstances"]!.AsArray()).Select(ci => Field(ci, "ec2InstanceId")).Distinct().Count());
    }

    [Fact(DisplayName = "Generator: a spec string sets every option; keys left out keep their defaults")]
    public void ParsesSpec()
    {
        var options = ScenarioGeneratorOptions.Parse("clusters=3, tasks=1000,families=20,instances=30,fargate-percent=20,intervals=30s+1m,region=eu-west-1");
        Assert.Equal(3, options.Clusters);
        Assert.Equal(1000, options.Tasks);
        Assert.Equal(20, options.Families);
        Assert.Equal(30, options.Instances);
        Assert.Equal(20, options.FargatePercent);
        Assert.Equal(0, options.HostPercent);
        Assert.Equal(new[] { "30s", "1m" }, options.Intervals);
        Assert.Equal("eu-west-1", options.Region);
        var generated = ScenarioGenerator.Generate(options);
        Assert.Equal("eu-west-1", generated.ToScenario().Region);
        Assert.Contains("ip-172-16-0-1.eu-west-1.compute.internal", generated.Json, StringComparison.Ordinal);
        Assert.Equal(1, ScenarioGeneratorOptions.Parse("tasks=5").Clusters);
    }

    [Theory(DisplayName = "Generator: a malformed spec is a FormatException")]
    [InlineData("clusters")]
    [InlineData("clusters=three")]
    [InlineData("clusters=-1")]
    [InlineData("tasks=1,tasks=2")]
    [InlineData("taks=5")]
    public void RefusesMalformedSpecs(string spec) => Assert.Throws<FormatException>(() => ScenarioGeneratorOptions.Parse(spec));

    [Theory(DisplayName = "Generator: options that describe no valid scenario are an ArgumentException")]
    [InlineData("clusters=0,tasks=5")]
    [InlineData("tasks=10,fargate-percent=60,host-percent=50")]
    [InlineData("tasks=10,fargate-percent=101")]
    [InlineData("tasks=10,instances=0")]
    [InlineData("tasks=10,families=2,fargate-percent=30,host-percent=30")]
    [InlineData("tasks=10,intervals=soon")]
    [InlineData("tasks=10,region=Mars")]
    public void RefusesInvalidOptions(string spec) => Assert.ThrowsAny<ArgumentException>(() => ScenarioGeneratorOptions.Parse(spec));

    [Fact(DisplayName = "Generator: Fargate-only scenarios need no container instances; no tasks still gives families and clusters")]
    public void EdgeCases()
    {
        var fargateOnly = ScenarioGenerator.Generate(new ScenarioGeneratorOptions { Tasks = 4, Instances = 0, FargatePercent = 100 });
        Assert.Equal(4, fargateOnly.FargateTasks);
        Assert.Equal(0, fargateOnly.Instances);
        fargateOnly.ToScenario();

        var empty = ScenarioGenerator.Generate(new ScenarioGeneratorOptions { Clusters = 205, Tasks = 0 });
        Assert.Equal(205, empty.TasksPerCluster.Count);
        Assert.Equal(0, empty.Tasks);
        Assert.Contains("205 clusters (0-0 each)", empty.Summary, StringComparison.Ordinal);
    }
}
