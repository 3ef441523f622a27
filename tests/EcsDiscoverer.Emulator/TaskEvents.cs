using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// EventBridge for ECS task state changes: every change of a task is one event, sent to each queue of the task's
/// account and region that subscribes to ECS events (as each target of a rule matching <c>aws.ecs</c> /
/// "ECS Task State Change" gets every event), unless it is one of the next events the test asked to drop. Keeps
/// counts and the recent events (with when they were emitted) for a benchmark's event-to-file latency.
/// Thread-safe; called under the scenario lock, so events leave in the order the changes were made.
/// </summary>
internal sealed class TaskEvents
{
    /// <summary>How many events <see cref="Recent"/> keeps.</summary>
    public const int RecentCapacity = 20_000;

    private readonly Lock _gate = new();
    private readonly SqsQueues _queues;
    private readonly Queue<TaskEventRecord> _recent = new();
    private int _dropNext;

    public TaskEvents(SqsQueues queues) => _queues = queues;

    public long Emitted { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>The next <paramref name="count"/> events are lost: counted and logged, delivered to no queue.</summary>
    public void DropNext(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _dropNext += count;
        }
    }

    /// <summary>Publishes the task's current state (its <c>version</c> as it is now) from <paramref name="cluster"/> in <paramref name="scope"/>.</summary>
    public void Emit(AwsScope scope, string cluster, JsonObject task)
    {
        var now = _queues.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        bool dropped;
        lock (_gate)
        {
            dropped = _dropNext > 0;
            if (dropped)
            {
                _dropNext--;
                Dropped++;
            }

            Emitted++;
            var arn = JsonFields.AsString(task["taskArn"]) ?? "";
            _recent.Enqueue(new TaskEventRecord(
                now, arn, EcsArns.LastSegment(arn), cluster, JsonFields.AsString(task["lastStatus"]) ?? "", TaskStateChangeEvent.VersionOf(task), dropped));
            while (_recent.Count > RecentCapacity)
            {
                _recent.Dequeue();
            }
        }

        if (dropped)
        {
            return;
        }

        var subscribers = _queues.Subscribers(scope);
        if (subscribers.Count == 0)
        {
            return;
        }

        var body = JsonFields.Serialize(TaskStateChangeEvent.Build(scope, task, now, Guid.NewGuid().ToString()));
        foreach (var queue in subscribers)
        {
            queue.Send(body);
        }
    }

    /// <summary>The recent events emitted at or after <paramref name="sinceMs"/> (epoch ms), oldest first.</summary>
    public List<TaskEventRecord> Recent(long sinceMs = 0)
    {
        lock (_gate)
        {
            return _recent.Where(e => e.TimeMs >= sinceMs).ToList();
        }
    }
}

/// <summary>One emitted event, as <c>GET /_emulator/events</c> lists it.</summary>
/// <param name="TimeMs">When it was emitted (epoch ms).</param>
/// <param name="TaskArn">The task's ARN.</param>
/// <param name="TaskId">The last segment of the ARN.</param>
/// <param name="Cluster">The cluster name.</param>
/// <param name="LastStatus">The task's <c>lastStatus</c> in the event.</param>
/// <param name="Version">The task's <c>version</c> in the event.</param>
/// <param name="Dropped">True if it was lost on purpose (<c>DropNextEvents</c>).</param>
public sealed record TaskEventRecord(long TimeMs, string TaskArn, string TaskId, string Cluster, string LastStatus, long Version, bool Dropped);
