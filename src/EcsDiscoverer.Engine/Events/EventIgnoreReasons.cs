using System;

namespace EcsDiscoverer.Engine.Events;

/// <summary>The names of <see cref="EventIgnoreReason"/> in metrics and messages.</summary>
internal static class EventIgnoreReasons
{
    /// <summary>Every reason, in the order of the metric's series.</summary>
    public static readonly EventIgnoreReason[] All = { EventIgnoreReason.Stale, EventIgnoreReason.Duplicate, EventIgnoreReason.Foreign, EventIgnoreReason.Malformed };

    /// <summary>The lower-case name: <c>stale</c>, <c>duplicate</c>, <c>foreign</c>, <c>malformed</c>.</summary>
    public static string Name(EventIgnoreReason reason) => reason switch
    {
        EventIgnoreReason.Stale => "stale",
        EventIgnoreReason.Duplicate => "duplicate",
        EventIgnoreReason.Foreign => "foreign",
        EventIgnoreReason.Malformed => "malformed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
