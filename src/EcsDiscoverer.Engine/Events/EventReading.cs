namespace EcsDiscoverer.Engine.Events;

/// <summary>What <see cref="EcsEventParser"/> made of one message: an event, or why it was set aside.</summary>
internal readonly struct EventReading
{
    private EventReading(EcsEvent? ecsEvent, EventIgnoreReason reason, string detail)
    {
        Event = ecsEvent;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The event; null when the message was set aside.</summary>
    public EcsEvent? Event { get; }

    /// <summary>Why the message was set aside (foreign or malformed), when <see cref="Event"/> is null.</summary>
    public EventIgnoreReason Reason { get; }

    /// <summary>What was wrong, for the log.</summary>
    public string Detail { get; }

    public static EventReading Of(EcsEvent ecsEvent) => new(ecsEvent, default, "");

    public static EventReading Foreign(string detail) => new(null, EventIgnoreReason.Foreign, detail);

    public static EventReading Malformed(string detail) => new(null, EventIgnoreReason.Malformed, detail);
}
