using System;
using System.Collections.Concurrent;

namespace EcsDiscoverer.Engine.Memory;

/// <summary>
/// One copy of each value a fleet repeats: cluster, task definition and container instance ARNs, statuses, launch
/// types, zones, images, container names, label values. Each task's answer would otherwise bring its own copy of all
/// of them, kept for as long as the task runs (at 10,000 tasks, millions of strings that say "RUNNING"). Values unique
/// to a task (its ARN, id, address) are not offered to the pool. Strings are immutable, so one pool serves the process.
/// </summary>
internal sealed class StringPool
{
    // Far above what a fleet repeats (statuses, zones, a few thousand ARNs); a pool that fills up anyway (unique values
    // offered by mistake) is emptied, which costs sharing, never correctness.
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>The pool every reader of AWS answers and every evaluation shares.</summary>
    public static StringPool Shared { get; } = new();

    /// <summary>How many distinct values the pool holds.</summary>
    public int Count => _strings.Count;

    /// <summary>The pooled copy of <paramref name="value"/> (itself, the first time); null stays null.</summary>
    public string? Share(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_strings.Count > MaxEntries)
        {
            _strings.Clear();
        }

        return _strings.GetOrAdd(value, value);
    }
}
