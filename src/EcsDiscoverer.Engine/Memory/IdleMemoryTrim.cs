using System;
using System.Diagnostics;
using System.Runtime;

namespace EcsDiscoverer.Engine.Memory;

/// <summary>
/// Gives back to the system, while the loop waits for its next round, the memory a round left behind. A cold round
/// (or one that saw much churn) promotes its garbage to the oldest generation, which the GC may not collect for a
/// long time in a process that then allocates little; the heap would stay at the cold round's size, or creep up,
/// instead of the fleet's. A loop that sleeps between rounds is what the GC's aggressive mode is for (.NET 7 and
/// later: collect, compact, decommit); older runtimes get a forced compacting collection.
/// </summary>
internal sealed class IdleMemoryTrim
{
    /// <summary>
    /// Growth below this does not trigger a trim: a small fleet's round is not worth a full collection. A steady round
    /// at 10,000 tasks allocates about 10 MB and its trim takes about 30 ms, so a loop at the default interval spends
    /// well under 1 % of a core on it, and its memory stays flat to within a round's allocation.
    /// </summary>
    public const long MinGrowthBytes = 4L * 1024 * 1024;

    private static readonly GCCollectionMode Mode =
        Enum.TryParse<GCCollectionMode>("Aggressive", out var aggressive) ? aggressive : GCCollectionMode.Forced;

    /// <summary>
    /// A wait shorter than this never trims: a full blocking collection pauses every thread of the process (all of a
    /// PowerShell session's, or a test run's), so it belongs in time the loop would spend idle anyway.
    /// </summary>
    public static readonly TimeSpan MinIdle = TimeSpan.FromMilliseconds(100);

    private readonly Func<long> _heapBytes;
    private readonly Action _collect;
    private readonly Func<long> _timestamp;
    private long _afterLastTrim;
    private TimeSpan _lastDuration;

    /// <summary>Trims the process's GC heap.</summary>
    public IdleMemoryTrim()
        : this(() => GC.GetTotalMemory(forceFullCollection: false), Collect, Stopwatch.GetTimestamp)
    {
    }

    /// <summary>For tests: the heap size, the collection and the clock (<see cref="Stopwatch"/> ticks).</summary>
    internal IdleMemoryTrim(Func<long> heapBytes, Action collect, Func<long> timestamp)
    {
        _heapBytes = heapBytes;
        _collect = collect;
        _timestamp = timestamp;
    }

    /// <summary>How many times it collected.</summary>
    public int Trims { get; private set; }

    /// <summary>
    /// Collects when the heap (garbage included) has grown past what the last trim left by
    /// <see cref="MinGrowthBytes"/> or more, and the loop will wait <paramref name="idle"/> before its next round: at
    /// least <see cref="MinIdle"/> and four times what the last collection took (a loop whose rounds run back to back
    /// never pauses for it). Returns the bytes the collection freed, or 0 when it did not collect.
    /// </summary>
    public long TrimIfGrown(TimeSpan idle)
    {
        var before = _heapBytes();
        if (before - _afterLastTrim < MinGrowthBytes || idle < MinIdle || idle.Ticks < 4 * _lastDuration.Ticks)
        {
            return 0;
        }

        var started = _timestamp();
        _collect();
        _lastDuration = TimeSpan.FromSeconds((_timestamp() - started) / (double)Stopwatch.Frequency);
        Trims++;
        _afterLastTrim = _heapBytes();
        return Math.Max(0, before - _afterLastTrim);
    }

    private static void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, Mode, blocking: true, compacting: true);
    }
}
