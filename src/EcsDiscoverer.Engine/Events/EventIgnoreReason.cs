namespace EcsDiscoverer.Engine.Events;

/// <summary>Why a message from the event queue changed nothing (the <c>reason</c> label of the ignored-events metric).</summary>
public enum EventIgnoreReason
{
    /// <summary>An older version of the task than one already known: SQS delivered it late.</summary>
    Stale,

    /// <summary>The version already applied: SQS delivers at least once, EventBridge too.</summary>
    Duplicate,

    /// <summary>Not an ECS state change event of a cluster this run discovers (another source, account, region or cluster).</summary>
    Foreign,

    /// <summary>Not a readable event: not JSON, or an ECS event without the fields every one has.</summary>
    Malformed,
}
