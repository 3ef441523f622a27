using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// The discovery sessions of this process, one per endpoint and region: the caches, call statistics and throttle
/// that every cmdlet and loop against that endpoint shares.
/// </summary>
internal static class DiscoverySessions
{
    private static readonly ConcurrentDictionary<string, DiscoverySession> Sessions = new(StringComparer.Ordinal);

    /// <summary>The session of <paramref name="endpoint"/>, <paramref name="region"/> and <paramref name="principal"/>, created on first use.</summary>
    public static DiscoverySession For(Uri endpoint, string region, string principal = "")
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        return Sessions.GetOrAdd(DiscoverySession.Key(endpoint, region, principal), _ => new DiscoverySession(endpoint, region, principal));
    }

    /// <summary>Every session, ordered by endpoint and region.</summary>
    public static IReadOnlyList<DiscoverySession> All =>
        Sessions.Values.OrderBy(s => s.Endpoint.AbsoluteUri, StringComparer.Ordinal).ThenBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Principal, StringComparer.Ordinal).ToList();
}
