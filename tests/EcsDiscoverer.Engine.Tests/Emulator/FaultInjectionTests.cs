using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>Issue 4: the emulator's scripted faults, seen from the wire (raw HTTP, as any client would see them).</summary>
public class FaultInjectionTests
{
    private static readonly XNamespace Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static Task<EcsEmulatorServer> StartAsync() =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(ScenarioBuilder.Bridge(clusters: 2, tasksPerCluster: 3, families: 1, instances: 2)));

    private static string ListTasks(string cluster) => new JsonObject { ["cluster"] = cluster }.ToJsonString();

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string EcsErrorCode(string body) => JsonNode.Parse(body)!["__type"]!.GetValue<string>();

    private static string Ec2ErrorCode(string body) => XElement.Parse(body).Descendants("Code").Single().Value;

    [Fact(DisplayName = "Faults: an error for N requests of one operation, then normal answers; other operations untouched; every request counted")]
    public async Task ErrorTimesThenNormal()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.Throttling("ecs:ListTasks") with { Times = 2 });

        using (var other = await client.EcsAsync("ListClusters"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.EcsAsync("ListTasks", ListTasks("c0"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ThrottlingException", response.Headers.GetValues("x-amzn-ErrorType").Single());
            Assert.Equal("ThrottlingException", EcsErrorCode(await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
        Assert.Equal(3, emulator.CallCounts["ecs:ListTasks"]);
    }

    [Fact(DisplayName = "Faults: a fault for one cluster (by name or ARN) leaves the other cluster's requests alone")]
    public async Task ClusterScope()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.AccessDenied("ecs:ListTasks") with { Cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/c1", Times = null });

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
        var denied = await SendAsync(client.EcsAsync("ListTasks", ListTasks("c1")));
        Assert.Equal(HttpStatusCode.BadRequest, denied.Status);
        Assert.Equal("AccessDeniedException", EcsErrorCode(denied.Body));
        Assert.Contains("is not authorized to perform: ecs:ListTasks", denied.Body, StringComparison.Ordinal);
        var byArn = await SendAsync(client.EcsAsync("ListTasks", ListTasks("arn:aws:ecs:us-east-1:123456789012:cluster/c1")));
        Assert.Equal(HttpStatusCode.BadRequest, byArn.Status);

        // ListClusters names no cluster: a cluster-scoped fault never matches it.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListClusters"))).Status);
    }

    [Fact(DisplayName = "Faults: a persistent fault on every operation (*) lasts until cleared, for ECS and EC2 alike")]
    public async Task PersistentUntilCleared()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.ServerError("*") with { Times = null });
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
            Assert.Equal(HttpStatusCode.InternalServerError, (await SendAsync(client.DescribeInstancesAsync())).Status);
        }

        emulator.ClearFaults();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.DescribeInstancesAsync())).Status);
    }

    [Fact(DisplayName = "Faults: a request meets the first matching fault, in the order they were added")]
    public async Task FirstMatchWins()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.ClusterNotFound("ecs:ListTasks") with { Cluster = "c1" });
        emulator.InjectFault(EmulatorFault.Throttling("ecs:*"));

        Assert.Equal("ThrottlingException", EcsErrorCode((await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Body));
        Assert.Equal("ClusterNotFoundException", EcsErrorCode((await SendAsync(client.EcsAsync("ListTasks", ListTasks("c1")))).Body));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c1")))).Status);
    }

    public static TheoryData<string, int, string, int, string> WellKnownErrors() => new()
    {
        // kind, ECS status, ECS __type, EC2 status, EC2 Code
        { "throttling", 400, "ThrottlingException", 503, "RequestLimitExceeded" },
        { "server-error", 500, "ServerException", 500, "InternalError" },
        { "service-unavailable", 503, "ServiceUnavailable", 503, "Unavailable" },
        { "access-denied", 400, "AccessDeniedException", 403, "UnauthorizedOperation" },
        { "expired-token", 400, "ExpiredTokenException", 400, "RequestExpired" },
    };

    [Theory(DisplayName = "Faults: the well-known errors in each service's own format, through POST /_emulator/faults")]
    [MemberData(nameof(WellKnownErrors))]
    public async Task WellKnownErrorFormats(string kind, int ecsStatus, string ecsCode, int ec2Status, string ec2Code)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults", $$"""{"kind":"{{kind}}","operation":"*","times":2}""")).Status);

        var ecs = await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")));
        Assert.Equal(ecsStatus, (int)ecs.Status);
        Assert.Equal(ecsCode, EcsErrorCode(ecs.Body));
        var ec2 = await SendAsync(client.DescribeInstancesAsync());
        Assert.Equal(ec2Status, (int)ec2.Status);
        Assert.Equal(ec2Code, Ec2ErrorCode(ec2.Body));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
    }

    [Fact(DisplayName = "Faults: a slow response arrives after the delay; a client that gives up first gets nothing")]
    public async Task SlowResponse()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.Slow("ecs:ListTasks", TimeSpan.FromMilliseconds(400)));
        var watch = Stopwatch.StartNew();
        var slow = await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")));
        Assert.Equal(HttpStatusCode.OK, slow.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(3, JsonNode.Parse(slow.Body)!["taskArns"]!.AsArray().Count);

        watch.Restart();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(300), $"the fault was used once, yet the next call took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact(DisplayName = "Faults: a reset aborts the connection: the client gets no response at all")]
    public async Task ConnectionReset()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.Reset("ec2:DescribeInstances"));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.DescribeInstancesAsync());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.DescribeInstancesAsync())).Status);
        Assert.Equal(2, emulator.CallCounts["ec2:DescribeInstances"]);
    }

    [Fact(DisplayName = "Faults: a truncated response is the first half of the real one, HTTP 200, and no longer parses")]
    public async Task TruncatedResponse()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var whole = (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Body;
        emulator.InjectFault(EmulatorFault.Truncated("ecs:ListTasks"));
        var cut = await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")));
        Assert.Equal(HttpStatusCode.OK, cut.Status);
        Assert.Equal(whole[..(whole.Length / 2)], cut.Body);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(cut.Body));

        emulator.InjectFault(EmulatorFault.Truncated("ec2:DescribeInstances"));
        var ec2 = await SendAsync(client.DescribeInstancesAsync());
        Assert.Equal(HttpStatusCode.OK, ec2.Status);
        Assert.Throws<XmlException>(() => XElement.Parse(ec2.Body));
    }

    [Fact(DisplayName = "Faults: a malformed response is HTTP 200 with a body that is neither JSON (ECS) nor XML (EC2)")]
    public async Task MalformedResponse()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.Malformed("*") with { Times = 2 });
        var ecs = await SendAsync(client.EcsAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}"""));
        Assert.Equal(HttpStatusCode.OK, ecs.Status);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(ecs.Body));
        var ec2 = await SendAsync(client.DescribeInstancesAsync());
        Assert.Equal(HttpStatusCode.OK, ec2.Status);
        Assert.Throws<XmlException>(() => XElement.Parse(ec2.Body));
    }

    [Fact(DisplayName = "Faults: DescribeTasks failures entries: the named tasks are left out of tasks and listed with reason MISSING")]
    public async Task TaskFailures()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.TaskFailures("t1") with { Cluster = "c0", Times = null });

        var c0 = await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0","t1","t2"]}""");
        Assert.Equal(new[] { "t0", "t2" }, c0["tasks"]!.AsArray().Select(t => t!["taskArn"]!.GetValue<string>().Split('/')[^1]));
        var failure = Assert.Single(c0["failures"]!.AsArray())!;
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task/c0/t1", failure["arn"]!.GetValue<string>());
        Assert.Equal("MISSING", failure["reason"]!.GetValue<string>());

        var c1 = await client.EcsOkAsync("DescribeTasks", """{"cluster":"c1","tasks":["t0","t1","t2"]}""");
        Assert.Equal(3, c1["tasks"]!.AsArray().Count);
        Assert.Empty(c1["failures"]!.AsArray());
    }

    [Fact(DisplayName = "Faults: a sparse ECS response keeps only the identity fields of every object; keep [] empties it")]
    public async Task SparseEcs()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.Sparse("ecs:DescribeTasks"));
        var sparse = await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}""");
        var task = Assert.Single(sparse["tasks"]!.AsArray())!.AsObject();
        Assert.Equal(new[] { "clusterArn", "containerInstanceArn", "containers", "taskArn", "taskDefinitionArn" }, task.Select(p => p.Key).Order(StringComparer.Ordinal));
        var container = Assert.Single(task["containers"]!.AsArray())!.AsObject();
        Assert.Equal(new[] { "containerArn", "name", "taskArn" }, container.Select(p => p.Key).Order(StringComparer.Ordinal));

        emulator.InjectFault(EmulatorFault.Sparse("ecs:DescribeTaskDefinition") with { Keep = [] });
        Assert.Empty(await client.EcsOkAsync("DescribeTaskDefinition", """{"taskDefinition":"fam0:1"}"""));
    }

    [Fact(DisplayName = "Faults: a sparse EC2 response keeps each instance's id and drops its address, state and placement")]
    public async Task SparseEc2()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        emulator.InjectFault(EmulatorFault.Sparse("ec2:DescribeInstances"));
        var body = (await SendAsync(client.DescribeInstancesAsync())).Body;
        var instances = XElement.Parse(body).Descendants(Ec2Ns + "instancesSet").Elements(Ec2Ns + "item").ToList();
        Assert.Equal(4, instances.Count);
        Assert.All(instances, i => Assert.Equal(new[] { "instanceId" }, i.Elements().Select(e => e.Name.LocalName)));
    }

    [Fact(DisplayName = "Faults: InvalidInstanceID.NotFound only for EC2 requests that ask for that instance, by InstanceId.N or instance-id filter")]
    public async Task InstanceNotFound()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var ids = XElement.Parse((await SendAsync(client.DescribeInstancesAsync())).Body).Descendants(Ec2Ns + "instanceId").Select(e => e.Value).ToList();
        emulator.InjectFault(EmulatorFault.InstanceNotFound(ids[0]) with { Times = null });

        var byId = await SendAsync(client.Ec2Async("DescribeInstances", ("InstanceId.1", ids[1]), ("InstanceId.2", ids[0])));
        Assert.Equal(HttpStatusCode.BadRequest, byId.Status);
        Assert.Equal("InvalidInstanceID.NotFound", Ec2ErrorCode(byId.Body));
        Assert.Contains($"'{ids[0]}'", byId.Body, StringComparison.Ordinal);
        var byFilter = await SendAsync(client.Ec2Async("DescribeInstances", ("Filter.1.Name", "instance-id"), ("Filter.1.Value.1", ids[0])));
        Assert.Equal(HttpStatusCode.BadRequest, byFilter.Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.Ec2Async("DescribeInstances", ("InstanceId.1", ids[1])))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.Ec2Async("DescribeInstances", ("Filter.1.Name", "private-ip-address"), ("Filter.1.Value.1", ids[0])))).Status);
    }

    [Fact(DisplayName = "Scenario: a terminated instance stays listed, terminated and without an address; InstanceId.N of a removed one fails, the filter leaves it out")]
    public async Task TerminatedAndRemovedInstances()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var ids = XElement.Parse((await SendAsync(client.DescribeInstancesAsync())).Body).Descendants(Ec2Ns + "instanceId").Select(e => e.Value).ToList();
        Assert.True(emulator.Scenario.TerminateInstance(ids[0]));
        Assert.True(emulator.Scenario.RemoveInstance(ids[1]));

        var filtered = XElement.Parse((await SendAsync(client.Ec2Async("DescribeInstances",
            ("Filter.1.Name", "instance-id"), ("Filter.1.Value.1", ids[0]), ("Filter.1.Value.2", ids[1])))).Body);
        var item = Assert.Single(filtered.Descendants(Ec2Ns + "instancesSet").Elements(Ec2Ns + "item"));
        Assert.Equal(ids[0], item.Element(Ec2Ns + "instanceId")!.Value);
        Assert.Equal("terminated", item.Element(Ec2Ns + "instanceState")!.Element(Ec2Ns + "name")!.Value);
        Assert.Null(item.Element(Ec2Ns + "privateIpAddress"));

        var byId = await SendAsync(client.Ec2Async("DescribeInstances", ("InstanceId.1", ids[1])));
        Assert.Equal("InvalidInstanceID.NotFound", Ec2ErrorCode(byId.Body));
    }

    [Theory(DisplayName = "Faults: POST /_emulator/faults refuses what it cannot serve with 400, and DELETE clears")]
    [InlineData("""{"operation":"ecs:ListTasks"}""")]
    [InlineData("""{"kind":"nonsense","operation":"ecs:ListTasks"}""")]
    [InlineData("""{"kind":"throttling","operation":"ListTasks"}""")]
    [InlineData("""{"kind":"throttling"}""")]
    [InlineData("""{"kind":"slow","operation":"*"}""")]
    [InlineData("""{"kind":"task-failures","operation":"ecs:DescribeTasks"}""")]
    [InlineData("""{"kind":"error","operation":"*","errorCode":"X","statusCode":200}""")]
    [InlineData("""{"kind":"reset","operation":"*","times":0}""")]
    [InlineData("""{"kind":"reset","operation":"*","times":2,"persistent":true}""")]
    [InlineData("""{"kind":"sparse","operation":"*","keep":"taskArn"}""")]
    public async Task ControlEndpointValidation(string body)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var (status, error) = await client.ControlAsync(HttpMethod.Post, "/_emulator/faults", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty(error!["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c0")))).Status);
    }

    [Fact(DisplayName = "Faults: the control endpoint scripts cluster-scoped persistent faults and the old errorCode form; DELETE clears them")]
    public async Task ControlEndpointScripts()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults",
            """{"kind":"cluster-not-found","operation":"ecs:*","cluster":"c1","persistent":true}""")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults",
            """{"operation":"ecs:ListClusters","errorCode":"ThrottlingException","times":1}""")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults",
            """{"kind":"task-failures","operation":"ecs:DescribeTasks","cluster":"c0","tasks":["t0"],"reason":"MISSING"}""")).Status);

        Assert.Equal("ThrottlingException", EcsErrorCode((await SendAsync(client.EcsAsync("ListClusters"))).Body));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ClusterNotFoundException", EcsErrorCode((await SendAsync(client.EcsAsync("ListTasks", ListTasks("c1")))).Body));
        }

        var described = await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}""");
        Assert.Empty(described["tasks"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Delete, "/_emulator/faults")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListTasks", ListTasks("c1")))).Status);
        Assert.Single((await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}"""))["tasks"]!.AsArray());
    }

    [Fact(DisplayName = "Faults: a slow fault from the control endpoint (delayMs) and a reset for one instance")]
    public async Task ControlEndpointSlowAndReset()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults", """{"kind":"slow","operation":"ecs:ListClusters","delayMs":300}""")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults", """{"kind":"reset","operation":"ec2:DescribeInstances","instanceId":"i-0"}""")).Status);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListClusters"))).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.DescribeInstancesAsync())).Status);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.Ec2Async("DescribeInstances", ("Filter.1.Name", "instance-id"), ("Filter.1.Value.1", "i-0")));
    }
}
