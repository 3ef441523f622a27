using System;
using System.Collections.Generic;
using System.Diagnostics;
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

public class ThrottlingTests
{
    // So slow that no token comes back while a test runs: the counts below are exact.
    private const double Trickle = 0.001;

    private static Task<EcsEmulatorServer> StartAsync() =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 3, families: 1, instances: 1)));

    [Fact(DisplayName = "Throttling: off by default, 300 requests in a row are all served")]
    public async Task OffByDefault()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.EcsAsync("ListClusters");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Null(emulator.Throttle);
        Assert.Equal(300, emulator.CallCounts["ecs:ListClusters"]);
        Assert.DoesNotContain(emulator.CallCounts.Keys, k => k.StartsWith("throttled:", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Throttling: an ECS burst over the limit gets HTTP 400 ThrottlingException 'Rate exceeded', counted as arrived and as throttled")]
    public async Task EcsBurst()
    {
        await using var emulator = await StartAsync();
        emulator.SetThrottle(Trickle, burst: 5);
        using var client = new EmulatorClient(emulator.Endpoint);

        var statuses = new HttpStatusCode[12];
        for (var i = 0; i < statuses.Length; i++)
        {
            using var response = await client.EcsAsync("ListTasks", """{"cluster":"c0"}""");
            statuses[i] = response.StatusCode;
            if (i >= 5)
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                Assert.Equal("ThrottlingException", body["__type"]!.GetValue<string>());
                Assert.Equal("Rate exceeded", body["message"]!.GetValue<string>());
                Assert.Equal("ThrottlingException", response.Headers.GetValues("x-amzn-ErrorType").Single());
            }
        }

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(12, emulator.CallCounts["ecs:ListTasks"]);
        Assert.Equal(7, emulator.CallCounts["throttled:ecs:ListTasks"]);

        // One bucket per service: every ECS action draws on it.
        using var describe = await client.EcsAsync("DescribeTaskDefinition", """{"taskDefinition":"fam0:1"}""");
        Assert.Equal(HttpStatusCode.BadRequest, describe.StatusCode);
        Assert.Equal(1, emulator.CallCounts["throttled:ecs:DescribeTaskDefinition"]);
    }

    [Fact(DisplayName = "Throttling: EC2 has its own bucket and answers HTTP 503 RequestLimitExceeded in EC2 error XML")]
    public async Task Ec2Burst()
    {
        await using var emulator = await StartAsync();
        emulator.SetThrottle(Trickle, burst: 2);
        using var client = new EmulatorClient(emulator.Endpoint);
        for (var i = 0; i < 3; i++)
        {
            using var _ = await client.EcsAsync("ListClusters");
        }

        using (var first = await client.DescribeInstancesAsync())
        using (var second = await client.DescribeInstancesAsync())
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using var throttled = await client.DescribeInstancesAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, throttled.StatusCode);
        var error = XDocument.Parse(await throttled.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("Response", error.Name.LocalName);
        Assert.Equal("RequestLimitExceeded", error.Element("Errors")!.Element("Error")!.Element("Code")!.Value);
        Assert.NotEmpty(error.Element("RequestID")!.Value);

        Assert.Equal(3, emulator.CallCounts["ec2:DescribeInstances"]);
        Assert.Equal(1, emulator.CallCounts["throttled:ec2:DescribeInstances"]);
        Assert.Equal(1, emulator.CallCounts["throttled:ecs:ListClusters"]);
    }

    [Fact(DisplayName = "Throttling: ClearThrottle serves again, SetThrottle starts with full buckets, a throttled request leaves queued faults")]
    public async Task ClearAndFaults()
    {
        await using var emulator = await StartAsync();
        emulator.SetThrottle(Trickle, burst: 1);
        emulator.InjectFault("ecs:ListTasks", "ClientException", times: 1);
        using var client = new EmulatorClient(emulator.Endpoint);
        using (var _ = await client.EcsAsync("ListClusters"))
        using (var throttled = await client.EcsAsync("ListTasks", """{"cluster":"c0"}"""))
        {
            Assert.Contains("ThrottlingException", await throttled.Content.ReadAsStringAsync());
        }

        emulator.ClearThrottle();
        Assert.Null(emulator.Throttle);
        using (var faulted = await client.EcsAsync("ListTasks", """{"cluster":"c0"}"""))
        {
            Assert.Contains("ClientException", await faulted.Content.ReadAsStringAsync());
        }

        await client.EcsOkAsync("ListTasks", """{"cluster":"c0"}""");

        emulator.SetThrottle(Trickle, burst: 2);
        Assert.Equal(new ThrottleSettings(Trickle, 2), emulator.Throttle);
        await client.EcsOkAsync("ListClusters");
        await client.EcsOkAsync("ListClusters");
        using var again = await client.EcsAsync("ListClusters");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact(DisplayName = "Throttling: PUT/GET/DELETE /_emulator/throttle set, show and clear it; throttled counts appear in /_emulator/calls")]
    public async Task ControlEndpoints()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);

        var (status, body) = await client.ControlAsync(HttpMethod.Get, "/_emulator/throttle");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["enabled"]!.GetValue<bool>());

        (status, _) = await client.ControlAsync(HttpMethod.Put, "/_emulator/throttle", """{"requestsPerSecond":0.001,"burst":2}""");
        Assert.Equal(HttpStatusCode.NoContent, status);
        (_, body) = await client.ControlAsync(HttpMethod.Get, "/_emulator/throttle");
        Assert.True(body!["enabled"]!.GetValue<bool>());
        Assert.Equal(0.001, body["requestsPerSecond"]!.GetValue<double>());
        Assert.Equal(2, body["burst"]!.GetValue<int>());

        for (var i = 0; i < 4; i++)
        {
            using var _ = await client.EcsAsync("ListClusters");
        }

        (_, body) = await client.ControlAsync(HttpMethod.Get, "/_emulator/calls");
        Assert.Equal(4, body!["ecs:ListClusters"]!.GetValue<int>());
        Assert.Equal(2, body["throttled:ecs:ListClusters"]!.GetValue<int>());

        (status, _) = await client.ControlAsync(HttpMethod.Delete, "/_emulator/throttle");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Null(emulator.Throttle);
        await client.EcsOkAsync("ListClusters");
    }

    [Theory(DisplayName = "Throttling: PUT /_emulator/throttle refuses a bad body with 400 and keeps the setting")]
    [InlineData("""{"requestsPerSecond":0,"burst":5}""")]
    [InlineData("""{"requestsPerSecond":-2,"burst":5}""")]
    [InlineData("""{"requestsPerSecond":20,"burst":0}""")]
    [InlineData("""{"requestsPerSecond":20,"burst":1.5}""")]
    [InlineData("""{"requestsPerSecond":"20","burst":5}""")]
    [InlineData("""{"burst":5}""")]
    [InlineData("""[20, 5]""")]
    [InlineData("not json")]
    public async Task ControlEndpointRefusesBadBodies(string json)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var (status, body) = await client.ControlAsync(HttpMethod.Put, "/_emulator/throttle", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body!["error"]!.GetValue<string>());
        Assert.Null(emulator.Throttle);
    }

    [Fact(DisplayName = "Throttling: SetThrottle refuses a rate of 0 or a burst of 0")]
    public async Task SetThrottleValidates()
    {
        await using var emulator = await StartAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.SetThrottle(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.SetThrottle(5, 0));
        Assert.Null(emulator.Throttle);
    }

    [Fact(DisplayName = "Throttling: at 10/s with burst 1, a client that retries needs at least ~0.9 s for 10 served requests")]
    public async Task RateHolds()
    {
        await using var emulator = await StartAsync();
        emulator.SetThrottle(10, burst: 1);
        using var client = new EmulatorClient(emulator.Endpoint);
        var clock = Stopwatch.StartNew();
        var served = 0;
        while (served < 10)
        {
            using var response = await client.EcsAsync("ListClusters");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                served++;
            }
            else
            {
                await Task.Delay(5);
            }
        }

        // The first is free (full bucket); the other nine need 0.1 s of refill each. Lower bound only.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(850), $"took {clock.Elapsed}");
        Assert.True(emulator.CallCounts.GetValueOrDefault("throttled:ecs:ListClusters") > 0);
    }
}
