using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>Issue 4 (security): the emulator serves the least-privilege actions and refuses every other one, as AWS refuses an action the policy lacks.</summary>
public class LeastPrivilegeEmulatorTests
{
    private static Task<EcsEmulatorServer> StartAsync() =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 1, families: 1, instances: 1)));

    [Theory(DisplayName = "Least privilege: other ECS actions, DescribeClusters included, get HTTP 400 AccessDeniedException naming the action")]
    [InlineData("DescribeClusters", """{"clusters":["c0"]}""")]
    [InlineData("ListServices", """{"cluster":"c0"}""")]
    [InlineData("RunTask", """{"cluster":"c0","taskDefinition":"fam0:1"}""")]
    [InlineData("StopTask", """{"cluster":"c0","task":"t0"}""")]
    [InlineData("ListTaskDefinitions", "{}")]
    [InlineData("ExecuteCommand", "{}")]
    public async Task OtherEcsActionsAreDenied(string operation, string body)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        using var response = await client.EcsAsync(operation, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("AccessDeniedException", JsonNode.Parse(text)!["__type"]!.GetValue<string>());
        Assert.Contains("ecs:" + operation, text, System.StringComparison.Ordinal);
    }

    [Theory(DisplayName = "Least privilege: other EC2 actions get UnauthorizedOperation naming the action")]
    [InlineData("TerminateInstances")]
    [InlineData("DescribeVpcs")]
    [InlineData("DescribeInstanceStatus")]
    [InlineData("RunInstances")]
    public async Task OtherEc2ActionsAreDenied(string action)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        using var response = await client.Ec2Async(action, ("InstanceId.1", "i-00000000000000000"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnauthorizedOperation", XElement.Parse(text).Element("Errors")!.Element("Error")!.Element("Code")!.Value);
        Assert.Contains("ec2:" + action, text, System.StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Least privilege: every allowed action is served (not denied)")]
    public async Task AllowedActionsAreServed()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var bodies = new System.Collections.Generic.Dictionary<string, string>
        {
            ["ecs:ListClusters"] = "{}",
            ["ecs:ListTasks"] = """{"cluster":"c0"}""",
            ["ecs:DescribeTasks"] = """{"cluster":"c0","tasks":["t0"]}""",
            ["ecs:DescribeTaskDefinition"] = """{"taskDefinition":"fam0:1"}""",
            ["ecs:DescribeContainerInstances"] = """{"cluster":"c0","containerInstances":["ci0"]}""",
        };
        foreach (var action in EcsEmulatorServer.AllowedActions)
        {
            using var response = action == "ec2:DescribeInstances"
                ? await client.DescribeInstancesAsync()
                : await client.EcsAsync(action["ecs:".Length..], bodies[action]);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(bodies.Count + 1, EcsEmulatorServer.AllowedActions.Count);
    }
}
