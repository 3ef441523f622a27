using System;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>A clock that moves only when the test says so, for token bucket arithmetic and credential expiry without sleeping.</summary>
internal sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(_ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
