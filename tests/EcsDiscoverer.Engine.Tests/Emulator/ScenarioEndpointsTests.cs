using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>The HTTP mutation endpoints a test in another process (Pester) uses between discovery rounds.</summary>
public class ScenarioEndpointsTests
{
    // c0 with ci0 (10.1.0.1) and ci1 (10.1.0.2); fam0 bridge, fam1 awsvpc (Fargate); t0 bridge on ci0, t1 Fargate.
    private static readonly string Small = ScenarioGenerator.Generate(
        new ScenarioGeneratorOptions { Tasks = 2, Families = 2, Instances = 2, FargatePercent = 50 }).Json;

    private static async Task<(EmulatorHarness Harness, EmulatorClient Client)> StartAsync()
    {
        var harness = await EmulatorHarness.StartAsync(Small);
        return (harness, new EmulatorClient(harness.Server.Endpoint));
    }

    private static string[] Arns(JsonNode? body) => body!["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();

    [Fact(DisplayName = "POST /_emulator/clusters/{c}/tasks starts N bridge tasks on a container instance with free dynamic ports")]
    public async Task RunsBridgeTasks()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        var (status, body) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"count":3,"taskDefinition":"fam0:1","containerInstance":"ci0"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var arns = Arns(body);
        Assert.Equal(3, arns.Length);
        Assert.All(arns, a => Assert.Matches("^arn:aws:ecs:us-east-1:123456789012:task/c0/[0-9a-f]{32}$", a));
        Assert.Equal(5, (await client.ListAllTasksAsync("c0")).Arns.Count);

        var result = await harness.DiscoverAsync("c0");
        Assert.Equal(
            new[] { "10.1.0.1:32768", "10.1.0.1:32769", "10.1.0.1:32770" },
            result.Targets.Where(t => arns.Contains(t.TaskArn)).Select(t => t.Target).OrderBy(t => t, StringComparer.Ordinal));
        Assert.All(result.Targets.Where(t => arns.Contains(t.TaskArn)), t => Assert.Equal("EC2", t.LaunchType));
    }

    [Fact(DisplayName = "POST .../tasks gives the same task ids for the same calls on a fresh emulator, and new ports each time")]
    public async Task StableIds()
    {
        string[] first, second;
        {
            var (harness, client) = await StartAsync();
            await using var _ = harness;
            using var __ = client;
            first = Arns((await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"count":2,"taskDefinition":"fam0:1","containerInstance":"ci1"}""")).Body);
            var again = Arns((await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"taskDefinition":"fam0","containerInstance":"ci1"}""")).Body);
            Assert.Single(again);
            Assert.DoesNotContain(again[0], first);
            var targets = (await harness.DiscoverAsync("c0")).Targets.Where(t => t.Host == "10.1.0.2").Select(t => t.Port).OrderBy(p => p);
            Assert.Equal(new[] { 32768, 32769, 32770 }, targets);
        }

        {
            var (harness, client) = await StartAsync();
            await using var _ = harness;
            using var __ = client;
            second = Arns((await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"count":2,"taskDefinition":"fam0:1","containerInstance":"ci1"}""")).Body);
        }

        Assert.Equal(first, second);
    }

    [Fact(DisplayName = "POST .../tasks without a container instance runs an awsvpc definition on Fargate with an ENI address")]
    public async Task RunsFargateTasks()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        var (status, body) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"count":2,"taskDefinition":"fam1"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var arns = Arns(body);
        var targets = (await harness.DiscoverAsync("c0")).Targets.Where(t => arns.Contains(t.TaskArn)).ToList();
        Assert.Equal(new[] { "10.200.0.1:8080", "10.200.0.2:8080" }, targets.Select(t => t.Target).OrderBy(t => t, StringComparer.Ordinal));
        Assert.All(targets, t => Assert.Equal("FARGATE", t.LaunchType));
        Assert.All(targets, t => Assert.Null(t.Ec2InstanceId));
    }

    [Theory(DisplayName = "POST .../tasks refuses what ECS could not start with 400 and adds nothing")]
    [InlineData("""{"count":1,"taskDefinition":"fam0:1"}""", "container instance")]
    [InlineData("""{"count":1,"taskDefinition":"nope:1","containerInstance":"ci0"}""", "nope:1")]
    [InlineData("""{"count":1,"taskDefinition":"fam0:1","containerInstance":"ci7"}""", "ci7")]
    [InlineData("""{"count":0,"taskDefinition":"fam0:1","containerInstance":"ci0"}""", "count")]
    [InlineData("""{"count":1001,"taskDefinition":"fam0:1","containerInstance":"ci0"}""", "count")]
    [InlineData("""{"count":1,"containerInstance":"ci0"}""", "taskDefinition")]
    [InlineData("""{"count":1,"taskDefinition":"fam0:1","containerInstance":7}""", "containerInstance")]
    [InlineData("{", "JSON")]
    public async Task RefusesBadRuns(string json, string reason)
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        var (status, body) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await client.ListAllTasksAsync("c0")).Arns.Count);
    }

    [Fact(DisplayName = "Control endpoints under an unknown cluster answer 404")]
    public async Task UnknownCluster()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        Assert.Equal(HttpStatusCode.NotFound, (await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/gone/tasks", """{"taskDefinition":"fam0:1","containerInstance":"ci0"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/gone/tasks/t0")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/gone/container-instances", """{"id":"x","ec2InstanceId":"i-x"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/gone")).Status);
    }

    [Fact(DisplayName = "DELETE /_emulator/clusters/{c}/tasks/{id} removes the task; with ?stopped=true it stays, STOPPED")]
    public async Task RemovesAndStopsTasks()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/c0/tasks/t0")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/c0/tasks/t0")).Status);
        Assert.Equal(new[] { "arn:aws:ecs:us-east-1:123456789012:task/c0/t1" }, (await client.ListAllTasksAsync("c0")).Arns);

        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/c0/tasks/t1?stopped=true")).Status);
        Assert.Empty((await client.ListAllTasksAsync("c0")).Arns);
        var stopped = Assert.Single((await client.ListAllTasksAsync("c0", "STOPPED")).Arns);
        var described = await client.EcsOkAsync("DescribeTasks", new JsonObject { ["cluster"] = "c0", ["tasks"] = new JsonArray(stopped) }.ToJsonString());
        Assert.Equal("STOPPED", described["tasks"]![0]!["lastStatus"]!.GetValue<string>());
        Assert.Empty((await harness.DiscoverAsync("c0")).Targets);
    }

    [Fact(DisplayName = "POST /_emulator/task-definitions registers a revision; a bare family then runs the latest")]
    public async Task RegistersTaskDefinitions()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        const string Revision2 = """
            {"family":"fam0","revision":2,"networkMode":"host","containerDefinitions":[{"name":"exporter","image":"quay.io/prometheus/node-exporter",
              "portMappings":[{"containerPort":9200}],"environment":[{"name":"PROMETHEUS","value":"true"}]}]}
            """;
        var (status, body) = await client.ControlAsync(HttpMethod.Post, "/_emulator/task-definitions", Revision2);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/fam0:2", body!["taskDefinitionArn"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, "/_emulator/task-definitions", Revision2)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, "/_emulator/task-definitions", """{"family":"x"}""")).Status);

        var arns = Arns((await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"taskDefinition":"fam0","containerInstance":"ci1"}""")).Body);
        var target = Assert.Single((await harness.DiscoverAsync("c0")).Targets, t => t.TaskArn == arns[0]);
        Assert.Equal("10.1.0.2:9200", target.Target);
        Assert.Equal(2, target.Revision);

        // Host mode binds the container port itself: a second copy on the same instance cannot be placed.
        var (refused, error) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"taskDefinition":"fam0:2","containerInstance":"ci1"}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("RESOURCE:PORTS", error!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "POST /_emulator/clusters/{c}/container-instances adds the container instance and its EC2 instance")]
    public async Task AddsContainerInstances()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        var (status, body) = await client.ControlAsync(
            HttpMethod.Post, "/_emulator/clusters/c0/container-instances", """{"id":"ci9","ec2InstanceId":"i-09","privateIpAddress":"10.9.0.9"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:container-instance/c0/ci9", body!["containerInstanceArn"]!.GetValue<string>());

        var arns = Arns((await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"taskDefinition":"fam0:1","containerInstance":"ci9"}""")).Body);
        var target = Assert.Single((await harness.DiscoverAsync("c0")).Targets, t => t.TaskArn == arns[0]);
        Assert.Equal("10.9.0.9:32768", target.Target);
        Assert.Equal("i-09", target.Ec2InstanceId);
    }

    [Fact(DisplayName = "POST .../container-instances refuses a duplicate or a conflicting address with 400 and leaves no EC2 instance behind")]
    public async Task RefusesBadContainerInstances()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;
        const string Path = "/_emulator/clusters/c0/container-instances";

        // ci0 exists: the EC2 instance i-dup added for it must be taken back.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, Path, """{"id":"ci0","ec2InstanceId":"i-dup","privateIpAddress":"10.8.8.8"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await client.ControlAsync(HttpMethod.Post, Path, """{"id":"ci5","ec2InstanceId":"i-dup","privateIpAddress":"10.9.9.9"}""")).Status);

        // An existing EC2 instance may get another container instance, but not another address.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, Path, """{"id":"ci6","ec2InstanceId":"i-dup","privateIpAddress":"10.7.7.7"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, Path, """{"ec2InstanceId":"i-x"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, Path, """{"id":"ci8"}""")).Status);
    }

    [Fact(DisplayName = "POST /_emulator/clusters adds an empty cluster; DELETE removes it")]
    public async Task AddsAndRemovesClusters()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;

        var (status, body) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters", """{"name":"c9"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/c9", body!["clusterArn"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters", """{"name":"c9"}""")).Status);
        Assert.Contains("c9", (await harness.DiscoverAsync()).DiscoveredClusters);

        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/c9")).Status);
        Assert.DoesNotContain("c9", (await harness.DiscoverAsync()).DiscoveredClusters);
    }

    [Fact(DisplayName = "Control endpoints are not AWS: they are not counted")]
    public async Task NotCounted()
    {
        var (harness, client) = await StartAsync();
        await using var _ = harness;
        using var __ = client;
        await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"taskDefinition":"fam1"}""");
        await client.ControlAsync(HttpMethod.Delete, "/_emulator/clusters/c0/tasks/t0");
        Assert.Empty(harness.AllCalls);
    }
}
