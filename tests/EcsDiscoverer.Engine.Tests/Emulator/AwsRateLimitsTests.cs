using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// <c>--aws-limits</c>: AWS's token buckets per group of actions (ECS's documented request throttling; EC2
/// DescribeInstances on its own), driven by a manual clock so the counts are exact.
/// </summary>
public class AwsRateLimitsTests
{
    private static Task<EcsEmulatorServer> StartAsync(ManualClock clock) =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 3, families: 1, instances: 1)), clock: clock);

    private static int Served(AwsRateLimiter limiter, string operation, int attempts) =>
        Enumerable.Range(0, attempts).Count(_ => limiter.TryAcquire(operation));

    [Theory(DisplayName = "AWS limits: each operation draws on its documented group's bucket, any other on one of its own")]
    [InlineData("ecs:ListClusters", "ecs:cluster-read", 50, 20)]
    [InlineData("ecs:DescribeClusters", "ecs:cluster-read", 50, 20)]
    [InlineData("ecs:ListTasks", "ecs:cluster-resource-read", 100, 20)]
    [InlineData("ecs:DescribeTasks", "ecs:cluster-resource-read", 100, 20)]
    [InlineData("ecs:DescribeContainerInstances", "ecs:cluster-resource-read", 100, 20)]
    [InlineData("ecs:ListContainerInstances", "ecs:cluster-resource-read", 100, 20)]
    [InlineData("ecs:ListAttributes", "ecs:cluster-resource-read", 100, 20)]
    [InlineData("ecs:DescribeTaskDefinition", "ecs:task-definition-read", 50, 20)]
    [InlineData("ecs:ListTaskDefinitions", "ecs:task-definition-read", 50, 20)]
    [InlineData("ecs:ListTaskDefinitionFamilies", "ecs:task-definition-read", 50, 20)]
    [InlineData("ec2:DescribeInstances", "ec2:DescribeInstances", 50, 10)]
    [InlineData("ecs:ListServices", "ecs:ListServices", 50, 20)]
    [InlineData("ec2:DescribeSubnets", "ec2:DescribeSubnets", 50, 20)]
    public void Buckets(string operation, string bucket, int burst, double refill)
    {
        var spec = AwsRateLimits.BucketOf(operation);
        Assert.Equal(bucket, spec.Name);
        Assert.Equal(burst, spec.Burst);
        Assert.Equal(refill, spec.RefillPerSecond);
        Assert.Contains(operation, spec.Operations);
    }

    [Fact(DisplayName = "AWS limits: ListTasks and DescribeTasks share 100 tokens; cluster reads and task definition reads have their own 50")]
    public void SharedBucket()
    {
        var limiter = new AwsRateLimiter(new ManualClock());
        Assert.Equal(60, Served(limiter, "ecs:ListTasks", 60));
        Assert.Equal(40, Served(limiter, "ecs:DescribeTasks", 60));
        Assert.False(limiter.TryAcquire("ecs:DescribeContainerInstances"));
        Assert.Equal(0, limiter.Available("ecs:ListTasks"));

        Assert.Equal(50, Served(limiter, "ecs:ListClusters", 60));
        Assert.Equal(50, Served(limiter, "ecs:DescribeTaskDefinition", 60));
        Assert.Equal(50, Served(limiter, "ec2:DescribeInstances", 60));
    }

    [Fact(DisplayName = "AWS limits: ECS buckets refill one token per 50 ms (20/s), EC2 DescribeInstances one per 100 ms (10/s)")]
    public void RefillRates()
    {
        var clock = new ManualClock();
        var limiter = new AwsRateLimiter(clock);
        Served(limiter, "ecs:ListTasks", 100);
        Served(limiter, "ec2:DescribeInstances", 50);

        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(limiter.TryAcquire("ecs:DescribeTasks"));
        Assert.False(limiter.TryAcquire("ecs:ListTasks"));
        Assert.False(limiter.TryAcquire("ec2:DescribeInstances"));

        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(limiter.TryAcquire("ec2:DescribeInstances"));
        Assert.False(limiter.TryAcquire("ec2:DescribeInstances"));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(100, limiter.Available("ecs:ListTasks"));
        Assert.Equal(50, limiter.Available("ec2:DescribeInstances"));
    }

    [Fact(DisplayName = "AWS limits: 10 s of ListTasks every 10 ms serve the 100 burst plus 20/s; unlisted operations do not share a bucket")]
    public void SustainedAndOthers()
    {
        var clock = new ManualClock();
        var limiter = new AwsRateLimiter(clock);
        var served = 0;
        for (var i = 0; i < 1000; i++)
        {
            served += limiter.TryAcquire("ecs:ListTasks") ? 1 : 0;
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 100 at once, then 20/s over the 9.99 s between the first and the last request.
        Assert.Equal(299, served);

        Assert.Equal(50, Served(limiter, "ecs:ListServices", 60));
        Assert.Equal(50, Served(limiter, "ecs:DescribeServices", 60));
    }

    [Fact(DisplayName = "AWS limits over HTTP: the 101st ListTasks/DescribeTasks gets 400 ThrottlingException while ListClusters is served; EC2's 51st gets 503")]
    public async Task OverHttp()
    {
        var clock = new ManualClock();
        await using var emulator = await StartAsync(clock);
        emulator.SetAwsLimits();
        Assert.True(emulator.AwsLimits);
        Assert.Null(emulator.Throttle);
        using var client = new EmulatorClient(emulator.Endpoint);

        for (var i = 0; i < 50; i++)
        {
            await client.EcsOkAsync("ListTasks", """{"cluster":"c0"}""");
            await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}""");
        }

        using (var throttled = await client.EcsAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, throttled.StatusCode);
            Assert.Equal("ThrottlingException", JsonNode.Parse(await throttled.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
        }

        await client.EcsOkAsync("ListClusters");
        await client.EcsOkAsync("DescribeTaskDefinition", """{"taskDefinition":"fam0:1"}""");

        for (var i = 0; i < 50; i++)
        {
            using var ok = await client.DescribeInstancesAsync();
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var throttled = await client.DescribeInstancesAsync())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, throttled.StatusCode);
            var code = XDocument.Parse(await throttled.Content.ReadAsStringAsync()).Root!.Element("Errors")!.Element("Error")!.Element("Code")!.Value;
            Assert.Equal("RequestLimitExceeded", code);
        }

        var counts = emulator.CallCounts;
        Assert.Equal(51, counts["ecs:DescribeTasks"]);
        Assert.Equal(1, counts["throttled:ecs:DescribeTasks"]);
        Assert.Equal(1, counts["throttled:ec2:DescribeInstances"]);
        Assert.False(counts.ContainsKey("throttled:ecs:ListTasks"));
        Assert.False(counts.ContainsKey("throttled:ecs:ListClusters"));

        // A token per 50 ms: the manual clock alone decides.
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await client.EcsOkAsync("ListTasks", """{"cluster":"c0"}""");
        using var again = await client.EcsAsync("ListTasks", """{"cluster":"c0"}""");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact(DisplayName = "AWS limits: PUT {\"awsLimits\":true} turns them on, GET lists the buckets, SetThrottle and DELETE replace them")]
    public async Task ControlEndpoint()
    {
        var clock = new ManualClock();
        await using var emulator = await StartAsync(clock);
        using var client = new EmulatorClient(emulator.Endpoint);

        var (status, _) = await client.ControlAsync(HttpMethod.Put, "/_emulator/throttle", """{"awsLimits":true}""");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.True(emulator.AwsLimits);
        await client.EcsOkAsync("ListTasks", """{"cluster":"c0"}""");

        var (_, body) = await client.ControlAsync(HttpMethod.Get, "/_emulator/throttle");
        Assert.True(body!["enabled"]!.GetValue<bool>());
        Assert.Equal("aws-limits", body["mode"]!.GetValue<string>());
        var buckets = body["buckets"]!.AsArray();
        var resource = buckets.Single(b => b!["name"]!.GetValue<string>() == "ecs:cluster-resource-read")!;
        Assert.Equal(100, resource["burst"]!.GetValue<int>());
        Assert.Equal(20, resource["refillPerSecond"]!.GetValue<double>());
        Assert.Equal(99, resource["available"]!.GetValue<double>());
        Assert.Contains("ecs:DescribeTasks", resource["operations"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal(50, buckets.Single(b => b!["name"]!.GetValue<string>() == "ec2:DescribeInstances")!["burst"]!.GetValue<int>());

        emulator.SetThrottle(5, 5);
        Assert.False(emulator.AwsLimits);
        (_, body) = await client.ControlAsync(HttpMethod.Get, "/_emulator/throttle");
        Assert.Equal("per-service", body!["mode"]!.GetValue<string>());

        emulator.SetAwsLimits();
        (status, _) = await client.ControlAsync(HttpMethod.Delete, "/_emulator/throttle");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.False(emulator.AwsLimits);
        Assert.Null(emulator.Throttle);
    }

    [Theory(DisplayName = "AWS limits: PUT refuses awsLimits that is not true alone, and changes nothing")]
    [InlineData("""{"awsLimits":false}""")]
    [InlineData("""{"awsLimits":"true"}""")]
    [InlineData("""{"awsLimits":true,"requestsPerSecond":20,"burst":50}""")]
    public async Task RefusesBadBodies(string json)
    {
        await using var emulator = await StartAsync(new ManualClock());
        using var client = new EmulatorClient(emulator.Endpoint);
        var (status, body) = await client.ControlAsync(HttpMethod.Put, "/_emulator/throttle", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body!["error"]!.GetValue<string>());
        Assert.False(emulator.AwsLimits);
        Assert.Null(emulator.Throttle);
    }
}
