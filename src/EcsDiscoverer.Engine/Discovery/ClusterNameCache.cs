using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// The cluster names that tab completion listed, per endpoint, region and credentials, for a short while: pressing
/// Tab again must not call ListClusters again, and a new cluster must show up within a minute.
/// </summary>
internal sealed class ClusterNameCache
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<string> Names)> _entries = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _now;

    public ClusterNameCache(TimeSpan lifetime, Func<DateTimeOffset>? now = null)
    {
        Lifetime = lifetime;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>How long a listing is served from the cache.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The names listed for <paramref name="key"/> less than <see cref="Lifetime"/> ago.</summary>
    public bool TryGet(string key, out IReadOnlyList<string> names)
    {
        if (_entries.TryGetValue(key, out var entry) && _now() - entry.At < Lifetime)
        {
            names = entry.Names;
            return true;
        }

        _entries.TryRemove(key, out _);
        names = Array.Empty<string>();
        return false;
    }

    /// <summary>Keeps a listing.</summary>
    public void Put(string key, IReadOnlyList<string> names) => _entries[key] = (_now(), names);
}
