namespace EcsDiscoverer.Emulator;

/// <summary>
/// The simulated network round trip: every AWS request (ECS and EC2) waits this long before the
/// emulator looks at it, so a client sees network-like call times. Zero (the default) adds nothing.
/// Thread-safe.
/// </summary>
internal sealed class EmulatorLatency
{
    /// <summary>The longest latency the emulator accepts.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private long _ticks;

    public TimeSpan Value
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        set
        {
            Validate(value);
            Interlocked.Exchange(ref _ticks, value.Ticks);
        }
    }

    /// <summary>
    /// Waits at least <paramref name="latency"/> by the stopwatch: a timer may fire a little early (its resolution is
    /// about a millisecond), and a round trip shorter than the latency it simulates would mislead the measurements.
    /// </summary>
    public static async Task WaitAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var left = latency; left > TimeSpan.Zero; left = latency - watch.Elapsed)
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <exception cref="ArgumentOutOfRangeException">Negative, or more than <see cref="Max"/>.</exception>
    public static void Validate(TimeSpan latency)
    {
        if (latency < TimeSpan.Zero || latency > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(latency), latency, $"The latency must be from 0 to {Max.TotalSeconds} s.");
        }
    }
}
