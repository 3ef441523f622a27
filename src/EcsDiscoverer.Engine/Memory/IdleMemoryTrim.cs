using System;
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

    private readonly Func<long> _heapBytes;
    private readonly Action _collect;
    private long _afterLastTrim;

    /// <summary>Trims the process's GC heap.</summary>
    public IdleMemoryTrim()
        : this(() => GC.GetTotalMemory(forceFullCollection: false), Collect)
    {
    }

    /// <summary>For tests: the heap size and the collection.</summary>
    internal IdleMemoryTrim(Func<long> heapBytes, Action collect)
    {
        _heapBytes = heapBytes;
        _collect = collect;
    }

    /// <summary>How many times it collected.</summary>
    public int Trims { get; private set; }

    /// <summary>
    /// Collects when the heap (garbage included) has grown past what the last trim left by
    /// <see cref="MinGrowthBytes"/> or more. Returns the bytes the collection freed, or 0 when it did not collect.
    /// </summary>
    public long TrimIfGrown()
    {
        var before = _heapBytes();
        if (before - _afterLastTrim < MinGrowthBytes)
        {
            return 0;
        }

        _collect();
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
