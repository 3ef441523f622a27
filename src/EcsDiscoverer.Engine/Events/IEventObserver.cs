using System;

namespace EcsDiscoverer.Engine.Events;

/// <summary>Told what the event source does: the source of the event metrics (R18.6).</summary>
internal interface IEventObserver
{
    /// <summary>A message arrived from the queue of <paramref name="scope"/>.</summary>
    void EventReceived(string scope);

    /// <summary>An event of <paramref name="scope"/> was applied to its cached state.</summary>
    void EventApplied(string scope);

    /// <summary>A message of <paramref name="scope"/> changed nothing.</summary>
    void EventIgnored(string scope, EventIgnoreReason reason);

    /// <summary>An applied event's effect was written, <paramref name="latency"/> after ECS made the change.</summary>
    void EventWritten(TimeSpan latency);

    /// <summary>A reconciliation of <paramref name="scope"/> listed its clusters and corrected <paramref name="corrections"/> tasks.</summary>
    void Reconciled(string scope, int corrections);

    /// <summary><paramref name="scope"/> is discovered from events (true) or by polling while its queue cannot be read (false).</summary>
    void ModeChanged(string scope, bool fromEvents);
}
