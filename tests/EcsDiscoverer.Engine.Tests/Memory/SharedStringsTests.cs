using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Memory;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Memory;

/// <summary>Cached tasks hold one copy of what a fleet repeats (issue 10: memory small and flat).</summary>
public class SharedStringsTests
{
    private static string Task(string id, string overrides) => $$"""
        {
          "taskArn": "arn:aws:ecs:us-east-1:123456789012:task/prod/{{id}}",
          "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
          "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
          "lastStatus": "RUNNING", "desiredStatus": "RUNNING", "launchType": "FARGATE",
          "availabilityZone": "us-east-1a", "group": "service:web", "healthStatus": "HEALTHY",
          "containers": [{ "containerArn": "arn:aws:ecs:us-east-1:123456789012:container/prod/{{id}}/c", "name": "app", "image": "nginx:1.27",
                           "networkBindings": [{ "bindIP": "0.0.0.0", "containerPort": 80, "hostPort": 80 }] }],
          "attachments": [{ "type": "ElasticNetworkInterface", "details": [{ "name": "privateIPv4Address", "value": "10.0.0.{{id.Length}}" }] }],
          "overrides": {{overrides}}
        }
        """;

    private static EcsTask Read(string json) => JsonSerializer.Deserialize<EcsTask>(json, EcsWireFormat.Options)!;

    [Fact(DisplayName = "Two tasks read from two answers share the repeated values (ARNs, statuses, zone, names, image) and keep their own ARNs")]
    public void RepeatedValuesAreShared()
    {
        var a = Read(Task("aaaa", "null"));
        var b = Read(Task("bbbbbb", "null"));

        Assert.Same(a.ClusterArn, b.ClusterArn);
        Assert.Same(a.TaskDefinitionArn, b.TaskDefinitionArn);
        Assert.Same(a.LastStatus, b.LastStatus);
        Assert.Same(a.LastStatus, b.DesiredStatus);
        Assert.Same(a.LaunchType, b.LaunchType);
        Assert.Same(a.AvailabilityZone, b.AvailabilityZone);
        Assert.Same(a.Group, b.Group);
        Assert.Same(a.HealthStatus, b.HealthStatus);
        Assert.Same(a.Containers![0].Name, b.Containers![0].Name);
        Assert.Same(a.Containers[0].Image, b.Containers[0].Image);
        Assert.Same(a.Containers[0].NetworkBindings![0].BindIP, b.Containers[0].NetworkBindings![0].BindIP);
        Assert.Same(a.Attachments![0].Type, b.Attachments![0].Type);
        Assert.Same(a.Attachments[0].Details![0].Name, b.Attachments[0].Details![0].Name);

        Assert.NotEqual(a.TaskArn, b.TaskArn);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/prod", a.ClusterArn);
        Assert.Equal("10.0.0.6", b.Attachments[0].Details![0].Value);
    }

    [Theory(DisplayName = "Overrides that change no environment are dropped on reading; an environment override stays")]
    [InlineData("""{ "containerOverrides": [{ "name": "app" }, { "name": "sidecar", "environment": [] }] }""", false)]
    [InlineData("""{ "containerOverrides": [] }""", false)]
    [InlineData("""{ }""", true)]
    [InlineData("""{ "containerOverrides": [null, { "name": "app", "environment": [{ "name": "PROMETHEUS_PORT", "value": "9100" }] }] }""", true)]
    public void EmptyOverridesAreDropped(string overrides, bool kept)
    {
        var task = Read(Task("x", overrides));

        if (kept)
        {
            Assert.NotNull(task.Overrides);
        }
        else
        {
            Assert.Null(task.Overrides);
        }
    }

    [Fact(DisplayName = "A wrong type in a shared field is still a JSON error with its path")]
    public void WrongTypeIsStillAnError()
    {
        var error = Assert.Throws<JsonException>(() => Read(Task("x", "null").Replace("\"lastStatus\": \"RUNNING\"", "\"lastStatus\": 5")));
        Assert.Equal("$.lastStatus", error.Path);
    }

    [Fact(DisplayName = "StringPool: one copy per value, null stays null, and a pool offered too many values starts again")]
    public void PoolSharesAndStaysBounded()
    {
        var pool = new StringPool();
        var first = pool.Share(new string('x', 3));
        Assert.Same(first, pool.Share(new string('x', 3)));
        Assert.Null(pool.Share(null));

        foreach (var i in Enumerable.Range(0, 60_000))
        {
            pool.Share(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.InRange(pool.Count, 1, 50_001);
        Assert.Equal("xxx", pool.Share("xxx"));
    }
}
