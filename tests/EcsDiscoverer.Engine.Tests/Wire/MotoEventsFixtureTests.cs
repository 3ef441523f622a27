using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>
/// The harness of the event-driven discovery tests against moto, before any engine code: the template's rule delivers
/// the events that <c>moto_ecs_events.py</c> puts, shaped like ECS's, to both replicas' queues, and what goes
/// straight to the queues arrives as sent.
/// </summary>
[Collection(MotoEventsFixture.CollectionName)]
public sealed class MotoEventsFixtureTests
{
    private readonly MotoEventsFixture _moto;

    public MotoEventsFixtureTests(MotoEventsFixture moto) => _moto = moto;

    [Fact]
    public async Task Start_and_stop_each_put_one_ECS_Task_State_Change_into_each_replicas_queue_with_the_next_version()
    {
        await _moto.RunAsync("purge");
        Assert.Equal(0, await _moto.CountAsync(1));

        var taskArn = await _moto.RunAsync("start");

        Assert.StartsWith(_moto.Seed.ClusterArn.Replace(":cluster/", ":task/", StringComparison.Ordinal) + "/", taskArn, StringComparison.Ordinal);
        Assert.Equal(1, await _moto.CountAsync(1));
        Assert.Equal(1, await _moto.CountAsync(2));
        using (var peeked = JsonDocument.Parse(await _moto.RunAsync("peek")))
        {
            var body = Assert.Single(peeked.RootElement.EnumerateArray());
            Assert.Equal("ECS Task State Change", body.GetProperty("detail-type").GetString());
            Assert.Equal("aws.ecs", body.GetProperty("source").GetString());
            Assert.Equal(taskArn, Assert.Single(body.GetProperty("resources").EnumerateArray()).GetString());
            var detail = body.GetProperty("detail");
            Assert.Equal(taskArn, detail.GetProperty("taskArn").GetString());
            Assert.Equal(_moto.Seed.ClusterArn, detail.GetProperty("clusterArn").GetString());
            Assert.Equal(_moto.Seed.ContainerInstanceArn, detail.GetProperty("containerInstanceArn").GetString());
            Assert.Equal("RUNNING", detail.GetProperty("lastStatus").GetString());
            Assert.Equal("RUNNING", detail.GetProperty("desiredStatus").GetString());
            Assert.Equal(1, detail.GetProperty("version").GetInt64());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", detail.GetProperty("updatedAt").GetString());
        }

        Assert.Equal("2", await _moto.RunAsync("stop", taskArn));

        Assert.Equal(2, await _moto.CountAsync(1));
        Assert.Equal(2, await _moto.CountAsync(2));
        using (var peeked = JsonDocument.Parse(await _moto.RunAsync("peek", "--queue", "2")))
        {
            var stopped = peeked.RootElement.EnumerateArray().Select(b => b.GetProperty("detail")).Single(d => d.GetProperty("version").GetInt64() == 2);
            Assert.Equal("STOPPED", stopped.GetProperty("lastStatus").GetString());
            Assert.Equal("STOPPED", stopped.GetProperty("desiredStatus").GetString());
            Assert.Equal(taskArn, stopped.GetProperty("taskArn").GetString());
        }
    }

    [Fact]
    public async Task Malformed_foreign_and_replayed_messages_reach_the_queue_as_sent()
    {
        await _moto.RunAsync("purge");

        Assert.Equal("2", await _moto.RunAsync("malformed"));
        var foreignTaskArn = await _moto.RunAsync("foreign");
        Assert.Equal("1", await _moto.RunAsync("replay", _moto.Seed.FargateTaskArn, "1", "RUNNING"));

        Assert.Equal(4, await _moto.CountAsync(1));
        Assert.Equal(0, await _moto.CountAsync(1, deadLetter: true));
        using var peeked = JsonDocument.Parse(await _moto.RunAsync("peek"));
        var bodies = peeked.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, bodies.Count);
        Assert.Contains(bodies, b => b.ValueKind == JsonValueKind.String);
        Assert.Contains(bodies, b => b.ValueKind == JsonValueKind.Object && b.GetProperty("source").GetString() == "aws.ec2");
        Assert.Contains(bodies, b => TaskArnOf(b) == foreignTaskArn);
        Assert.Contains(bodies, b => TaskArnOf(b) == _moto.Seed.FargateTaskArn);
    }

    private static string? TaskArnOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("detail", out var detail)
        && detail.TryGetProperty("taskArn", out var taskArn)
            ? taskArn.GetString()
            : null;
}
