using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// The discovery sessions of this PowerShell process, one per endpoint and region: the caches, call statistics and
/// throttle that every cmdlet and loop against that endpoint shares.
/// </summary>
internal static class SessionRegistry
{
    private static readonly ConcurrentDictionary<string, DiscoverySession> Sessions = new(StringComparer.Ordinal);

    public static DiscoverySession For(Uri endpoint, string region) =>
        Sessions.GetOrAdd(endpoint.AbsoluteUri + "|" + region, _ => new DiscoverySession(endpoint, region));

    public static IReadOnlyList<DiscoverySession> All =>
        Sessions.Values.OrderBy(s => s.Endpoint.AbsoluteUri, StringComparer.Ordinal).ThenBy(s => s.Region, StringComparer.Ordinal).ToList();
}
