using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// The emulator looks tasks up in an index and keeps each cluster's ListTasks answer until the tasks change
/// (so 10,000 tasks load and page quickly); every way of changing tasks must show in the next answer.
/// </summary>
public class ScenarioIndexTests
{
    private static readonly string Small = ScenarioGenerator.Generate(new ScenarioGeneratorOptions { Tasks = 250, Families = 2, Instances = 2 }).Json;

    private static string[] Arns(JsonObject page) => page["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();

    [Fact(DisplayName = "Scenario index: tasks added, started, stopped, removed or given a new ARN show in the next ListTasks and DescribeTasks")]
    public async Task ChangesShow()
    {
        await using var emulator = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Small));
        using var client = new EmulatorClient(emulator.Endpoint);
        const string Prefix = "arn:aws:ecs:us-east-1:123456789012:task/c0/";
        Assert.Equal(250, (await client.ListAllTasksAsync("c0")).Arns.Count);

        emulator.Scenario.AddTask("c0", """{"id":"extra","taskDefinition":"fam0:1","containerInstance":"ci0"}""");
        var started = emulator.Scenario.RunTasks("c0", "fam0:1", "ci1", count: 2);
        Assert.True(emulator.Scenario.RemoveTask("c0", "t1"));
        Assert.True(emulator.Scenario.UpdateTask("c0", "t2", t => t["desiredStatus"] = "STOPPED"));
        Assert.True(emulator.Scenario.UpdateTask("c0", "t3", t => t["taskArn"] = Prefix + "renamed"));

        var (arns, _) = await client.ListAllTasksAsync("c0");
        Assert.Equal(250 + 1 + 2 - 1 - 1, arns.Count);
        Assert.Contains(Prefix + "extra", arns);
        Assert.All(started, arn => Assert.Contains(arn, arns));
        Assert.DoesNotContain(Prefix + "t1", arns);
        Assert.DoesNotContain(Prefix + "t2", arns);
        Assert.Equal(Prefix + "renamed", arns[1]);
        Assert.Equal(new[] { Prefix + "t2" }, (await client.ListAllTasksAsync("c0", "STOPPED")).Arns);

        var described = await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["renamed","t3","t1","extra"]}""");
        Assert.Equal(new[] { Prefix + "renamed", Prefix + "extra" }, described["tasks"]!.AsArray().Select(t => t!["taskArn"]!.GetValue<string>()));
        Assert.Equal(new[] { Prefix + "t3", Prefix + "t1" }, described["failures"]!.AsArray().Select(f => f!["arn"]!.GetValue<string>()));

        // A filtered listing is computed afresh and agrees.
        var onCi1 = new System.Collections.Generic.List<string>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["cluster"] = "c0", ["containerInstance"] = "ci1" };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = await client.EcsOkAsync("ListTasks", request.ToJsonString());
            onCi1.AddRange(Arns(page));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(125 - 1 + 2, onCi1.Count);
        Assert.All(started, arn => Assert.Contains(arn, onCi1));

        // ReplaceAll starts over from the new scenario.
        emulator.Scenario.ReplaceAll(Small);
        Assert.Equal(250, (await client.ListAllTasksAsync("c0")).Arns.Count);
    }
}
