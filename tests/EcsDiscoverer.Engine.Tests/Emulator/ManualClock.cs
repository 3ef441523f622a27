using System;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>A clock that moves only when the test says so, for token bucket arithmetic without sleeping.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
