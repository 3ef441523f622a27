using System.Collections.Generic;
using System.Threading;

namespace EcsDiscoverer.Engine.Events;

/// <summary>What the event source of a loop did so far, for tests and the loop's summary (thread-safe counts).</summary>
public sealed class EventStatistic
{
    private long _received;
    private long _applied;
    private long _reconciliations;
    private long _corrections;
    private long _written;
    private readonly long[] _ignored = new long[4];

    /// <summary>Messages received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Events applied to the cached state.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Applied events whose effect was written.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Reconciliations (listings of a scope kept by events).</summary>
    public long Reconciliations => Interlocked.Read(ref _reconciliations);

    /// <summary>Tasks the reconciliations corrected: the measure of missed events.</summary>
    public long Corrections => Interlocked.Read(ref _corrections);

    /// <summary>Messages that changed nothing, by reason.</summary>
    public IReadOnlyDictionary<EventIgnoreReason, long> Ignored => new Dictionary<EventIgnoreReason, long>
    {
        [EventIgnoreReason.Stale] = Interlocked.Read(ref _ignored[(int)EventIgnoreReason.Stale]),
        [EventIgnoreReason.Duplicate] = Interlocked.Read(ref _ignored[(int)EventIgnoreReason.Duplicate]),
        [EventIgnoreReason.Foreign] = Interlocked.Read(ref _ignored[(int)EventIgnoreReason.Foreign]),
        [EventIgnoreReason.Malformed] = Interlocked.Read(ref _ignored[(int)EventIgnoreReason.Malformed]),
    };

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountApplied() => Interlocked.Increment(ref _applied);

    internal void CountWritten() => Interlocked.Increment(ref _written);

    internal void CountIgnored(EventIgnoreReason reason) => Interlocked.Increment(ref _ignored[(int)reason]);

    internal void CountReconciliation(int corrections)
    {
        Interlocked.Increment(ref _reconciliations);
        Interlocked.Add(ref _corrections, corrections);
    }
}
