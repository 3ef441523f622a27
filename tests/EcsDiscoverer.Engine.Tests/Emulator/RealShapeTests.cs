using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// Generated and launched tasks are served shaped like real DescribeTasks and DescribeTaskDefinition answers
/// (the AWS CLI's describe-tasks examples): awsvpc containers with networkInterfaces and networkBindings: [],
/// awsvpc and host port mappings with hostPort = containerPort, and the many fields discovery does not read,
/// so other tools parse the scenarios and a benchmark measures a payload of the real size.
/// </summary>
public class RealShapeTests
{
    private static readonly string[] TaskFields =
    [
        "attachments", "attributes", "availabilityZone", "capacityProviderName", "clusterArn", "connectivity", "connectivityAt",
        "containers", "cpu", "createdAt", "desiredStatus", "enableExecuteCommand", "group", "healthStatus", "lastStatus",
        "launchType", "memory", "overrides", "pullStartedAt", "pullStoppedAt", "startedAt", "startedBy", "tags", "taskArn",
        "taskDefinitionArn", "version",
    ];

    private static readonly string[] ContainerFields =
    [
        "containerArn", "taskArn", "name", "image", "imageDigest", "runtimeId", "lastStatus", "networkBindings",
        "networkInterfaces", "healthStatus", "cpu", "memory",
    ];

    private static readonly string[] DefinitionFields =
    [
        "taskDefinitionArn", "containerDefinitions", "family", "taskRoleArn", "executionRoleArn", "networkMode", "revision",
        "volumes", "status", "requiresAttributes", "placementConstraints", "compatibilities", "requiresCompatibilities",
        "cpu", "memory", "registeredAt", "registeredBy",
    ];

    private static readonly string[] ContainerDefinitionFields =
    [
        "name", "image", "cpu", "memory", "memoryReservation", "portMappings", "essential", "environment", "mountPoints",
        "volumesFrom", "logConfiguration", "healthCheck", "systemControls",
    ];

    private static string Text(JsonNode? node, string name) => node![name]!.GetValue<string>();

    private static async Task<List<JsonObject>> DescribeAllAsync(EmulatorClient client, string cluster)
    {
        var tasks = new List<JsonObject>();
        var (arns, _) = await client.ListAllTasksAsync(cluster);
        foreach (var batch in arns.Chunk(100))
        {
            var request = new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray(batch.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()) };
            var answer = await client.EcsOkAsync("DescribeTasks", request.ToJsonString());
            Assert.Empty(answer["failures"]!.AsArray());
            tasks.AddRange(answer["tasks"]!.AsArray().Select(t => t!.AsObject()));
        }

        return tasks;
    }

    private static async Task<Dictionary<string, JsonObject>> DefinitionsAsync(EmulatorClient client, IEnumerable<JsonObject> tasks)
    {
        var definitions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var arn in tasks.Select(t => Text(t, "taskDefinitionArn")).Distinct())
        {
            var answer = await client.EcsOkAsync("DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = arn }.ToJsonString());
            definitions[arn] = answer["taskDefinition"]!.AsObject();
        }

        return definitions;
    }

    private static void AssertAwsVpcContainer(JsonObject task, JsonObject container)
    {
        Assert.Empty(container["networkBindings"]!.AsArray());
        var eni = Assert.Single(task["attachments"]!.AsArray())!;
        Assert.Equal("ElasticNetworkInterface", Text(eni, "type"));
        Assert.Equal("ATTACHED", Text(eni, "status"));
        var details = eni["details"]!.AsArray().ToDictionary(d => Text(d, "name"), d => Text(d, "value"));
        Assert.Equal(new[] { "subnetId", "networkInterfaceId", "macAddress", "privateDnsName", "privateIPv4Address" }, details.Keys);
        Assert.Matches("^subnet-[0-9a-f]{17}$", details["subnetId"]);
        Assert.Matches("^eni-[0-9a-f]{17}$", details["networkInterfaceId"]);
        Assert.Matches("^0a(:[0-9a-f]{2}){5}$", details["macAddress"]);
        Assert.Equal("ip-" + details["privateIPv4Address"].Replace('.', '-') + ".ec2.internal", details["privateDnsName"]);

        var networkInterface = Assert.Single(container["networkInterfaces"]!.AsArray())!;
        Assert.Equal(Text(eni, "id"), Text(networkInterface, "attachmentId"));
        Assert.Equal(details["privateIPv4Address"], Text(networkInterface, "privateIpv4Address"));
    }

    [Fact(DisplayName = "Real shapes: generated awsvpc containers have networkInterfaces (the ENI's id and address) and networkBindings: []; bridge and host ones their bindings and networkInterfaces: []")]
    public async Task NetworkShapes()
    {
        await using var emulator = await EcsEmulatorServer.StartAsync(ScenarioGenerator.Generate(MixedScenario.Options).ToScenario());
        using var client = new EmulatorClient(emulator.Endpoint);
        var tasks = await DescribeAllAsync(client, "c1");
        var definitions = await DefinitionsAsync(client, tasks);
        Assert.Equal(333, tasks.Count);

        var modes = tasks.GroupBy(t => Text(definitions[Text(t, "taskDefinitionArn")], "networkMode")).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(new[] { "awsvpc", "bridge", "host" }, modes.Keys.Order(StringComparer.Ordinal));
        Assert.All(modes["awsvpc"], task => AssertAwsVpcContainer(task, task["containers"]![0]!.AsObject()));
        Assert.All(modes["bridge"].Concat(modes["host"]), task =>
        {
            Assert.Empty(task["attachments"]!.AsArray());
            var container = task["containers"]![0]!;
            Assert.Empty(container["networkInterfaces"]!.AsArray());
            var binding = Assert.Single(container["networkBindings"]!.AsArray())!;
            Assert.Equal("0.0.0.0", Text(binding, "bindIP"));
            Assert.Equal("tcp", Text(binding, "protocol"));
        });
    }

    [Fact(DisplayName = "Real shapes: awsvpc and host port mappings have hostPort = containerPort, bridge ones hostPort 0, all tcp")]
    public void PortMappings()
    {
        var json = JsonNode.Parse(ScenarioGenerator.Generate(MixedScenario.Options).Json)!;
        var mappings = json["taskDefinitions"]!.AsArray()
            .Select(d => (Mode: Text(d, "networkMode"), Mapping: d!["containerDefinitions"]![0]!["portMappings"]!.AsArray().Single()!))
            .ToList();
        Assert.All(mappings, m => Assert.Equal("tcp", Text(m.Mapping, "protocol")));
        Assert.All(mappings.Where(m => m.Mode is "awsvpc" or "host"), m =>
            Assert.Equal(m.Mapping["containerPort"]!.GetValue<int>(), m.Mapping["hostPort"]!.GetValue<int>()));
        Assert.All(mappings.Where(m => m.Mode == "bridge"), m => Assert.Equal(0, m.Mapping["hostPort"]!.GetValue<int>()));
        Assert.Contains(mappings, m => m.Mode == "awsvpc" && m.Mapping["hostPort"]!.GetValue<int>() == 8080);
    }

    [Fact(DisplayName = "Real shapes: generated tasks and containers carry the fields of a real DescribeTasks answer, at a real answer's size")]
    public async Task TaskFieldsAndSize()
    {
        await using var emulator = await EcsEmulatorServer.StartAsync(ScenarioGenerator.Generate(MixedScenario.Options).ToScenario());
        using var client = new EmulatorClient(emulator.Endpoint);
        var tasks = await DescribeAllAsync(client, "c0");

        Assert.All(tasks, task =>
        {
            Assert.Empty(TaskFields.Except(task.Select(p => p.Key)));
            var container = Assert.Single(task["containers"]!.AsArray())!.AsObject();
            Assert.Empty(ContainerFields.Except(container.Select(p => p.Key)));
            Assert.Equal(Text(task, "taskArn"), Text(container, "taskArn"));
            Assert.Matches("^sha256:[0-9a-f]{64}$", Text(container, "imageDigest"));
            Assert.Equal("HEALTHY", Text(container, "healthStatus"));
            Assert.Equal("HEALTHY", Text(task, "healthStatus"));
            Assert.Equal("CONNECTED", Text(task, "connectivity"));
            Assert.Equal("ecs.cpu-architecture", Text(task["attributes"]![0], "name"));
            Assert.Equal("app", Text(task["overrides"]!["containerOverrides"]![0], "name"));
            Assert.Empty(task["overrides"]!["inferenceAcceleratorOverrides"]!.AsArray());
            Assert.Matches("^ecs-svc/[0-9]{19}$", Text(task, "startedBy"));

            // Timestamps are epoch seconds, as the JSON 1.1 protocol sends them, in a plausible order.
            var created = task["createdAt"]!.GetValue<decimal>();
            Assert.InRange(created, 1_700_000_000m, 1_800_000_000m);
            Assert.True(created < task["pullStartedAt"]!.GetValue<decimal>());
            Assert.True(task["pullStoppedAt"]!.GetValue<decimal>() < task["startedAt"]!.GetValue<decimal>());

            var execute = task["enableExecuteCommand"]!.GetValue<bool>();
            Assert.Equal(execute, container.ContainsKey("managedAgents"));
            var fargate = Text(task, "launchType") == "FARGATE";
            Assert.Equal(fargate, task.ContainsKey("platformFamily"));
            Assert.Equal(fargate, task.ContainsKey("ephemeralStorage"));
            Assert.Equal(fargate ? "FARGATE" : "c0-asg", Text(task, "capacityProviderName"));

            // Real answers: about 1.5 KB (EC2) to 2.5 KB (Fargate) per task with one container.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(task).Length;
            Assert.InRange(bytes, 1_200, 3_500);
        });
        Assert.Contains(tasks, t => t["enableExecuteCommand"]!.GetValue<bool>());
        Assert.Contains(tasks, t => !t["enableExecuteCommand"]!.GetValue<bool>());
    }

    [Fact(DisplayName = "Real shapes: generated task definitions carry the fields of a real DescribeTaskDefinition answer")]
    public async Task DefinitionShape()
    {
        await using var emulator = await EcsEmulatorServer.StartAsync(ScenarioGenerator.Generate(MixedScenario.Options).ToScenario());
        using var client = new EmulatorClient(emulator.Endpoint);
        for (var family = 0; family < MixedScenario.Options.Families; family++)
        {
            var definition = (await client.EcsOkAsync("DescribeTaskDefinition", $$"""{"taskDefinition":"fam{{family}}"}"""))["taskDefinition"]!.AsObject();
            Assert.Empty(DefinitionFields.Except(definition.Select(p => p.Key)));
            var container = Assert.Single(definition["containerDefinitions"]!.AsArray())!.AsObject();
            Assert.Empty(ContainerDefinitionFields.Except(container.Select(p => p.Key)));
            Assert.Equal("awslogs", Text(container["logConfiguration"], "logDriver"));
            var awsvpc = Text(definition, "networkMode") == "awsvpc";
            Assert.Equal(awsvpc, definition["requiresAttributes"]!.AsArray().Any(a => Text(a, "name") == "ecs.capability.task-eni"));
            Assert.Equal(awsvpc ? new[] { "EC2", "FARGATE" } : new[] { "EC2" }, definition["compatibilities"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(definition).Length, 1_500, 4_000);
        }
    }

    [Fact(DisplayName = "Real shapes: tasks started over the control endpoints look the same: awsvpc ENI in networkInterfaces, bridge bindings, the other fields")]
    public async Task LaunchedTasks()
    {
        var small = ScenarioGenerator.Generate(new ScenarioGeneratorOptions { Tasks = 2, Families = 2, Instances = 2, FargatePercent = 50 }).ToScenario();
        await using var emulator = await EcsEmulatorServer.StartAsync(small);
        using var client = new EmulatorClient(emulator.Endpoint);
        var (_, fargate) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"count":2,"taskDefinition":"fam1"}""");
        var (_, bridge) = await client.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c0/tasks", """{"taskDefinition":"fam0","containerInstance":"ci1"}""");
        var arns = fargate!["taskArns"]!.AsArray().Concat(bridge!["taskArns"]!.AsArray()).Select(a => a!.GetValue<string>()).ToList();

        var tasks = (await DescribeAllAsync(client, "c0")).Where(t => arns.Contains(Text(t, "taskArn"))).ToList();
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, task =>
        {
            Assert.Empty(TaskFields.Except(task.Select(p => p.Key)).Except(["startedBy"]));
            Assert.Empty(ContainerFields.Except(task["containers"]![0]!.AsObject().Select(p => p.Key)));
        });
        Assert.All(tasks.Where(t => Text(t, "launchType") == "FARGATE"), t => AssertAwsVpcContainer(t, t["containers"]![0]!.AsObject()));
        var ec2 = Assert.Single(tasks, t => Text(t, "launchType") == "EC2");
        Assert.Equal(32768, ec2["containers"]![0]!["networkBindings"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Empty(ec2["containers"]![0]!["networkInterfaces"]!.AsArray());
    }
}
