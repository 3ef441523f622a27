using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// R16: like ECS, the emulator answers tags only when asked with <c>include: ["TAGS"]</c>: a task's in the task, a task
/// definition's at the top level of the response, never inside <c>taskDefinition</c>.
/// </summary>
public class TagsOnRequestTests
{
    private const string Scenario = """
        {"taskDefinitions":[{"family":"web","revision":1,"networkMode":"awsvpc",
            "containerDefinitions":[{"name":"app"}],"tags":[{"key":"owner","value":"ops"}]},
          {"family":"bare","revision":1,"containerDefinitions":[{"name":"app"}]}],
         "clusters":[{"name":"c0","tasks":[{"id":"t1","taskDefinition":"web:1","launchType":"FARGATE",
            "tags":[{"key":"team","value":"pay"}]}]}]}
        """;

    private static Task<EcsEmulatorServer> StartAsync() => EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario));

    [Theory(DisplayName = "R16 emulator: DescribeTasks gives a task's tags with include TAGS, else tags: []")]
    [InlineData(""", "include":["TAGS"]""", """[{"key":"team","value":"pay"}]""")]
    [InlineData("", "[]")]
    [InlineData(""", "include":[]""", "[]")]
    public async Task DescribeTasks(string include, string expected)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var answer = await client.EcsOkAsync("DescribeTasks", $$"""{"cluster":"c0","tasks":["t1"]{{include}}}""");
        Assert.Equal(expected, answer["tasks"]![0]!["tags"]!.ToJsonString());
        Assert.Equal(1, emulator.CallCounts["ecs:DescribeTasks"]);
    }

    [Theory(DisplayName = "R16 emulator: DescribeTaskDefinition gives the tags beside taskDefinition with include TAGS, never inside it")]
    [InlineData("web", """, "include":["TAGS"]""", """[{"key":"owner","value":"ops"}]""")]
    [InlineData("bare", """, "include":["TAGS"]""", "[]")]
    [InlineData("web", "", null)]
    public async Task DescribeTaskDefinition(string family, string include, string? expected)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var answer = await client.EcsOkAsync("DescribeTaskDefinition", $$"""{"taskDefinition":"{{family}}:1"{{include}}}""");
        Assert.Equal(expected, answer["tags"]?.ToJsonString());
        Assert.False(answer["taskDefinition"]!.AsObject().ContainsKey("tags"));
        Assert.Equal(1, emulator.CallCounts["ecs:DescribeTaskDefinition"]);

        // The scenario keeps its tags: a later call with include still gets them.
        var again = await client.EcsOkAsync("DescribeTaskDefinition", """{"taskDefinition":"web:1","include":["TAGS"]}""");
        Assert.Equal("""[{"key":"owner","value":"ops"}]""", again["tags"]!.ToJsonString());
    }

    [Theory(DisplayName = "R16 emulator: an include other than TAGS is InvalidParameterException, as ECS answers it")]
    [InlineData("DescribeTasks", """{"cluster":"c0","tasks":["t1"],"include":["TAGZ"]}""")]
    [InlineData("DescribeTaskDefinition", """{"taskDefinition":"web:1","include":["TAGS","OTHER"]}""")]
    public async Task UnknownInclude(string operation, string body)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        using var response = await client.EcsAsync(operation, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterException", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
    }
}
