using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EcsDiscoverer.Engine.Tests.Discovery.Caching;

/// <summary>
/// Issue 3 (caches): the call budget per round, measured by the emulator's counters. A steady round costs only the
/// task listing; each change costs only the calls that describe what is new.
/// </summary>
public class CallBudgetTests
{
    private static readonly string[] Named = { "c0", "c1", "c2" };
    private readonly ITestOutputHelper _output;

    public CallBudgetTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string Fleet => ScenarioBuilder.Bridge(clusters: 3, tasksPerCluster: 334, families: 20, instances: 30);

    private static string Task(string id, string definition, string containerInstance, int hostPort) => $$"""
        {"id":"{{id}}","taskDefinition":"{{definition}}","containerInstance":"{{containerInstance}}","launchType":"EC2",
         "containers":[{"name":"app","networkBindings":[{"bindIP":"0.0.0.0","containerPort":8080,"hostPort":{{hostPort}}}]}]}
        """;

    [Fact(DisplayName = "Budget: 1,002 tasks in 3 named clusters: cold round, then a steady round of ListTasks only")]
    public async Task ColdThenSteady()
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        var cold = await harness.DiscoverAsync(Named);
        Report("cold", harness);
        Assert.Equal(1002, cold.Targets.Count);
        Assert.Equal(0, harness.Calls("ecs:ListClusters"));
        Assert.Equal(12, harness.Calls("ecs:ListTasks")); // 4 pages of 100 per cluster of 334
        Assert.Equal(12, harness.Calls("ecs:DescribeTasks"));
        Assert.Equal(20, harness.Calls("ecs:DescribeTaskDefinition")); // once per definition, though 3 clusters share them
        Assert.Equal(3, harness.Calls("ecs:DescribeContainerInstances"));
        Assert.InRange(harness.Calls("ec2:DescribeInstances"), 1, 3); // the clusters share EC2 ids here and run side by side

        harness.Server.ResetCallCounts();
        var steady = await harness.DiscoverAsync(Named);
        Report("steady", harness);
        Assert.Equal(cold.Targets.Select(t => t.Target), steady.Targets.Select(t => t.Target));
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 12 }, Served(harness));
    }

    [Fact(DisplayName = "Budget: without named clusters a steady round is one ListClusters and the ListTasks pages")]
    public async Task SteadyWithAllClusters()
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        await harness.DiscoverAsync();
        harness.Server.ResetCallCounts();
        await harness.DiscoverAsync();
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListClusters"] = 1, ["ecs:ListTasks"] = 12 }, Served(harness));
    }

    [Fact(DisplayName = "Budget: a new task costs one DescribeTasks batch; a removed task costs nothing and is forgotten")]
    public async Task TaskAddedAndRemoved()
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        await harness.DiscoverAsync(Named);
        harness.Server.Scenario.AddTask("c1", Task("new1", "fam3:1", "ci4", 40001));
        harness.Server.ResetCallCounts();
        var added = await harness.DiscoverAsync(Named);
        Assert.Equal(1003, added.Targets.Count);
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 12, ["ecs:DescribeTasks"] = 1 }, Served(harness));

        Assert.True(harness.Server.Scenario.RemoveTask("c1", "new1"));
        Assert.True(harness.Server.Scenario.RemoveTask("c0", "t0"));
        harness.Server.ResetCallCounts();
        var removed = await harness.DiscoverAsync(Named);
        Assert.Equal(1001, removed.Targets.Count);
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 12 }, Served(harness));
        Assert.Equal(1001, harness.Caches.Tasks.Statistic().Entries);
    }

    [Fact(DisplayName = "Budget: 150 new tasks cost 2 DescribeTasks batches")]
    public async Task ManyNewTasks()
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        await harness.DiscoverAsync(Named);
        for (var i = 0; i < 150; i++)
        {
            harness.Server.Scenario.AddTask("c2", Task("n" + i.ToString(CultureInfo.InvariantCulture), "fam1:1", "ci2", 41000 + i));
        }

        harness.Server.ResetCallCounts();
        var result = await harness.DiscoverAsync(Named);
        Assert.Equal(1152, result.Targets.Count);
        Assert.Equal(2, harness.Calls("ecs:DescribeTasks"));
        Assert.Equal(0, harness.Calls("ecs:DescribeTaskDefinition"));
    }

    [Fact(DisplayName = "Budget: a new task definition costs one DescribeTaskDefinition; a new container instance one DescribeContainerInstances and one DescribeInstances")]
    public async Task NewDefinitionAndContainerInstance()
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        await harness.DiscoverAsync(Named);
        harness.Server.Scenario.AddTaskDefinition("""
            {"family":"brandnew","revision":1,"networkMode":"bridge",
             "containerDefinitions":[{"name":"app","environment":[{"name":"PROMETHEUS","value":"true"}]}]}
            """);
        harness.Server.Scenario.AddTask("c0", Task("nd1", "brandnew:1", "ci1", 42001));
        harness.Server.Scenario.AddTask("c0", Task("nd2", "brandnew:1", "ci2", 42002));
        harness.Server.ResetCallCounts();
        await harness.DiscoverAsync(Named);
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 12, ["ecs:DescribeTasks"] = 1, ["ecs:DescribeTaskDefinition"] = 1 }, Served(harness));

        harness.Server.Scenario.AddInstance("i-0000000000000newa", "10.9.0.1");
        harness.Server.Scenario.AddContainerInstance("c2", "ci-new", "i-0000000000000newa");
        harness.Server.Scenario.AddTask("c2", Task("ni1", "fam0:1", "ci-new", 43001));
        harness.Server.ResetCallCounts();
        var result = await harness.DiscoverAsync(Named);
        Assert.Equal(
            new Dictionary<string, int> { ["ecs:ListTasks"] = 12, ["ecs:DescribeTasks"] = 1, ["ecs:DescribeContainerInstances"] = 1, ["ec2:DescribeInstances"] = 1 },
            Served(harness));
        Assert.Contains(result.Targets, t => t.Target == "10.9.0.1:43001");
    }

    [Fact(DisplayName = "Caches: a task not yet RUNNING is described every round until it runs, then no more")]
    public async Task PendingTaskIsDescribedAgain()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(1, 5, 1, 1));
        harness.Server.Scenario.AddTask("c0", """{"id":"p1","taskDefinition":"fam0:1","containerInstance":"ci0","lastStatus":"PENDING","containers":[{"name":"app"}]}""");
        await harness.DiscoverAsync("c0");
        harness.Server.ResetCallCounts();
        var pending = await harness.DiscoverAsync("c0");
        Assert.Equal(1, harness.Calls("ecs:DescribeTasks"));
        Assert.Contains(pending.Skipped, s => s.TaskId == "p1");

        harness.Server.Scenario.UpdateTask("c0", "p1", task =>
        {
            task["lastStatus"] = "RUNNING";
            task["containers"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"name":"app","networkBindings":[{"bindIP":"0.0.0.0","containerPort":8080,"hostPort":45000}]}]""");
        });
        harness.Server.ResetCallCounts();
        var running = await harness.DiscoverAsync("c0");
        Assert.Equal(1, harness.Calls("ecs:DescribeTasks"));
        Assert.Contains(running.Targets, t => t.TaskId == "p1");

        harness.Server.ResetCallCounts();
        await harness.DiscoverAsync("c0");
        Assert.Equal(0, harness.Calls("ecs:DescribeTasks"));
    }

    [Fact(DisplayName = "Caches: a bridge task whose marked container has a restart policy is described every round, batched, and its new port is seen")]
    public async Task RestartPolicyTasksAreDescribedEveryRound()
    {
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        harness.Server.Scenario.AddTaskDefinition("""
            {"family":"restarts","revision":1,"networkMode":"bridge",
             "containerDefinitions":[{"name":"app","restartPolicy":{"enabled":true},"environment":[{"name":"PROMETHEUS","value":"true"}]}]}
            """);
        for (var i = 0; i < 150; i++)
        {
            harness.Server.Scenario.AddTask("c1", Task($"r{i}", "restarts:1", "ci4", 44000 + i));
        }

        await harness.DiscoverAsync(Named);
        harness.Server.ResetCallCounts();
        await harness.DiscoverAsync(Named);
        // The 1,002 other tasks keep the steady budget (c1 lists one more page); the 150 restartable ones cost 2 batches.
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 13, ["ecs:DescribeTasks"] = 2 }, Served(harness));

        // ECS restarted the container in place: same task, new dynamic host port.
        harness.Server.Scenario.UpdateTask("c1", "r7", task => task["containers"] = System.Text.Json.Nodes.JsonNode.Parse(
            """[{"name":"app","networkBindings":[{"bindIP":"0.0.0.0","containerPort":8080,"hostPort":49999}]}]"""));
        var moved = await harness.DiscoverAsync(Named);
        var target = Assert.Single(moved.Targets, t => t.TaskId == "r7");
        Assert.Equal(49999, target.Port);
    }

    [Fact(DisplayName = "Caches: after full churn, the caches hold only what the running tasks refer to")]
    public async Task ChurnDoesNotGrowTheCaches()
    {
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(1, 50, 5, 5));
        await harness.DiscoverAsync("c0");
        for (var generation = 1; generation <= 5; generation++)
        {
            var family = "gen" + generation.ToString(CultureInfo.InvariantCulture);
            harness.Server.Scenario.AddTaskDefinition($$"""{"family":"{{family}}","revision":1,"containerDefinitions":[{"name":"app","environment":[{"name":"PROMETHEUS","value":"true"}]}]}""");
            foreach (var task in harness.Caches.Tasks.Clusters.Single().CompleteTasks.Keys.ToList())
            {
                harness.Server.Scenario.RemoveTask("c0", task);
            }

            for (var i = 0; i < 50; i++)
            {
                harness.Server.Scenario.AddTask("c0", Task($"g{generation}t{i}", family + ":1", "ci" + (i % 5).ToString(CultureInfo.InvariantCulture), 30000 + i));
            }

            var result = await harness.DiscoverAsync("c0");
            Assert.Equal(50, result.Targets.Count);
        }

        var sizes = harness.Caches.Statistics().ToDictionary(s => s.Name, s => s.Entries);
        Assert.Equal(1, sizes["task_definitions"]);
        Assert.Equal(5, sizes["container_instances"]);
        Assert.Equal(5, sizes["instance_ips"]);
        Assert.Equal(50, sizes["tasks"]);
    }

    [Fact(DisplayName = "Cache file: a second process with -CachePath makes the calls of a warm round")]
    public async Task CronRunWithCacheFile()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "cache.json");
        await using var harness = await EmulatorHarness.StartAsync(Fleet);
        var first = await harness.DiscoverAsync(Named);
        new CacheFile(path).Save(harness.Session);

        harness.StartNewProcess();
        var load = new CacheFile(path).LoadInto(harness.Session);
        Assert.Equal(CacheFileStatus.Loaded, load.Status);
        harness.Server.ResetCallCounts();
        var second = await harness.DiscoverAsync(Named);
        Report("cron with cache file", harness);
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListTasks"] = 12 }, Served(harness));
        Assert.Equal(first.Targets.Select(t => t.Target + t.MetricsPath), second.Targets.Select(t => t.Target + t.MetricsPath));
    }

    [Theory(DisplayName = "Cache file: missing, damaged or foreign files are ignored and the round is cold but right")]
    [InlineData("missing", CacheFileStatus.Missing)]
    [InlineData("truncated", CacheFileStatus.Corrupt)]
    [InlineData("edited", CacheFileStatus.Corrupt)]
    [InlineData("garbage", CacheFileStatus.Corrupt)]
    [InlineData("foreign", CacheFileStatus.Foreign)]
    [InlineData("future-format", CacheFileStatus.Foreign)]
    public async Task BadCacheFiles(string damage, CacheFileStatus expected)
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "cache.json");
        await using var harness = await EmulatorHarness.StartAsync(ScenarioBuilder.Bridge(1, 20, 2, 2));
        var truth = await harness.DiscoverAsync("c0");
        new CacheFile(path).Save(harness.Session);
        var text = File.ReadAllText(path);
        switch (damage)
        {
            case "missing": File.Delete(path); break;
            case "truncated": File.WriteAllText(path, text[..(text.Length / 2)]); break;
            case "edited": File.WriteAllText(path, text.Replace("30001", "30999", StringComparison.Ordinal)); break;
            case "garbage": File.WriteAllText(path, "not a cache\n{}"); break;
            case "foreign": File.WriteAllText(path, text.Replace("|us-east-1", "|eu-west-1", StringComparison.Ordinal)); break;
            case "future-format": File.WriteAllText(path, text.Replace(CacheFile.Format, "ecs-discoverer-cache/9", StringComparison.Ordinal)); break;
        }

        harness.StartNewProcess();
        var load = new CacheFile(path).LoadInto(harness.Session);
        Assert.Equal(expected, load.Status);
        Assert.Contains(path, load.Message, StringComparison.Ordinal);
        harness.Server.ResetCallCounts();
        var result = await harness.DiscoverAsync("c0");
        Assert.Equal(truth.Targets.Select(t => t.Target), result.Targets.Select(t => t.Target));
        Assert.Equal(1, harness.Calls("ecs:DescribeTasks"));
    }

    private static Dictionary<string, int> Served(EmulatorHarness harness) =>
        harness.AllCalls.Where(c => c.Value > 0 && !c.Key.StartsWith("throttled:", StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value);

    private void Report(string round, EmulatorHarness harness) =>
        _output.WriteLine($"{round}: " + string.Join(", ", Served(harness).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")));
}
