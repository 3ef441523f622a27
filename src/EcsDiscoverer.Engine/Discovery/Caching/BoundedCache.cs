using System;
using System.Collections.Generic;
using System.Threading;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// A thread-safe map with a size bound: past <see cref="Capacity"/> the least recently used entry goes.
/// The bound is a backstop; entries normally leave through <see cref="RetainOnly"/> once nothing refers to them.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _entries;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates an empty cache.</summary>
    public BoundedCache(string name, int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A cache holds at least one entry.");
        }

        Name = name ?? throw new ArgumentNullException(nameof(name));
        Capacity = capacity;
        _entries = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(comparer);
    }

    /// <summary>The name in statistics and metrics.</summary>
    public string Name { get; }

    /// <summary>The most entries held.</summary>
    public int Capacity { get; }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Looks up <paramref name="key"/>, counting a hit or a miss.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _hits++;
                value = node.Value.Value;
                return true;
            }

            _misses++;
            value = default!;
            return false;
        }
    }

    /// <summary>Whether <paramref name="key"/> is held, without counting a lookup.</summary>
    public bool Contains(TKey key)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(key);
        }
    }

    /// <summary>Adds or replaces an entry, dropping the least recently used one past the capacity.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
            }

            var node = _recency.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
            _entries[key] = node;
            while (_entries.Count > Capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
    }

    /// <summary>Drops every entry <paramref name="keep"/> says no to; returns how many went.</summary>
    public int RetainOnly(Func<TKey, bool> keep)
    {
        if (keep is null)
        {
            throw new ArgumentNullException(nameof(keep));
        }

        lock (_gate)
        {
            var removed = 0;
            var node = _recency.First;
            while (node is not null)
            {
                var next = node.Next;
                if (!keep(node.Value.Key))
                {
                    _recency.Remove(node);
                    _entries.Remove(node.Value.Key);
                    removed++;
                }

                node = next;
            }

            return removed;
        }
    }

    /// <summary>Drops every entry; the hit and miss counts stay, as counters do.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    /// <summary>A copy of the entries, most recently used first.</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Snapshot()
    {
        lock (_gate)
        {
            return new List<KeyValuePair<TKey, TValue>>(_recency);
        }
    }

    /// <summary>Size and use for statistics and metrics.</summary>
    public CacheStatistic Statistic() =>
        new(Name, Count, Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));
}
