using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>The per-request latency (<c>--latency</c>, <c>SetLatency</c>, <c>/_emulator/latency</c>): network-like round trips for benchmarks.</summary>
public class LatencyTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(150);

    private static Task<EcsEmulatorServer> StartAsync() =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(ScenarioBuilder.Bridge(clusters: 1, tasksPerCluster: 3, families: 1, instances: 1)));

    private static async Task<TimeSpan> TimeAsync(Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        await call();
        return watch.Elapsed;
    }

    [Fact(DisplayName = "Latency: off by default; SetLatency delays every ECS and EC2 request, errors and throttled ones included, not the control endpoints")]
    public async Task DelaysEveryAwsRequest()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        Assert.Equal(TimeSpan.Zero, emulator.Latency);

        emulator.SetLatency(Latency);
        Assert.Equal(Latency, emulator.Latency);

        // Lower bounds only: a loaded machine may add time, never take it away.
        Assert.True(await TimeAsync(() => client.EcsOkAsync("ListClusters")) >= Latency);
        Assert.True(await TimeAsync(async () => (await client.DescribeInstancesAsync()).Dispose()) >= Latency);
        Assert.True(await TimeAsync(async () => (await client.EcsAsync("ListTasks", """{"cluster":"nope"}""")).Dispose()) >= Latency);
        emulator.SetThrottle(0.001, 1);
        await client.EcsOkAsync("ListClusters");
        Assert.True(await TimeAsync(async () => (await client.EcsAsync("ListClusters")).Dispose()) >= Latency);
        Assert.Equal(1, emulator.CallCounts["throttled:ecs:ListClusters"]);

        // The control endpoints are not AWS: no latency there (a generous bound, for a loaded machine).
        emulator.SetLatency(TimeSpan.FromSeconds(3));
        var control = await TimeAsync(() => client.ControlAsync(HttpMethod.Get, "/_emulator/calls"));
        Assert.True(control < TimeSpan.FromSeconds(3), $"control endpoint took {control}");

        emulator.SetLatency(TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, emulator.Latency);
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.SetLatency(TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.SetLatency(TimeSpan.FromSeconds(61)));
    }

    [Fact(DisplayName = "Latency: concurrent requests wait side by side, like a network, not one after another")]
    public async Task Concurrent()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        await client.EcsOkAsync("ListClusters");
        emulator.SetLatency(TimeSpan.FromMilliseconds(500));

        var elapsed = await TimeAsync(() => Task.WhenAll(Enumerable(10, () => client.EcsOkAsync("ListClusters"))));
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(500));
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"10 concurrent calls took {elapsed}");
    }

    [Fact(DisplayName = "Latency: PUT/GET/DELETE /_emulator/latency set, show and clear it; a bad body is 400 and changes nothing")]
    public async Task ControlEndpoint()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);

        var (status, body) = await client.ControlAsync(HttpMethod.Put, "/_emulator/latency", """{"milliseconds":20}""");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(TimeSpan.FromMilliseconds(20), emulator.Latency);
        (_, body) = await client.ControlAsync(HttpMethod.Get, "/_emulator/latency");
        Assert.Equal(20, body!["milliseconds"]!.GetValue<double>());

        foreach (var bad in new[] { """{"milliseconds":-1}""", """{"milliseconds":60001}""", """{"milliseconds":"20"}""", "{}", "[20]", "x" })
        {
            (status, body) = await client.ControlAsync(HttpMethod.Put, "/_emulator/latency", bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotEmpty(body!["error"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromMilliseconds(20), emulator.Latency);
        }

        (status, _) = await client.ControlAsync(HttpMethod.Delete, "/_emulator/latency");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(TimeSpan.Zero, emulator.Latency);
    }

    private static Task[] Enumerable(int count, Func<Task> call)
    {
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = call();
        }

        return tasks;
    }
}
