using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery.Caching;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// What every discovery against one endpoint and region in a process shares: the caches, the call statistics and
/// the client-side throttle, so that a second cmdlet in an interactive session is cheap and two cmdlets together
/// still keep under the API's rate. Sharing between credentials is safe: every cached key is an ARN (which names
/// the account) or a globally unique EC2 instance id, and the values never change.
/// </summary>
public sealed class DiscoverySession : IDisposable
{
    private readonly HashSet<string> _loadedCacheFiles = new(StringComparer.Ordinal);

    /// <summary>Creates an empty session with the default throttle.</summary>
    public DiscoverySession(Uri endpoint, string region)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Region = region ?? throw new ArgumentNullException(nameof(region));
    }

    /// <summary>The ECS endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The region.</summary>
    public string Region { get; }

    /// <summary>What a cache file must have been written for: endpoint and region.</summary>
    public string Scope => Endpoint.AbsoluteUri + "|" + Region;

    /// <summary>The caches.</summary>
    public DiscoveryCaches Caches { get; } = new();

    /// <summary>API call counts.</summary>
    public ApiCallStatistics Calls { get; } = new();

    /// <summary>The default client-side throttle of one-off cmdlet runs.</summary>
    internal ApiThrottle Throttle { get; } = new(new ThrottleSettings());

    /// <summary>The session's client-side buckets, one per AWS throttling group used so far.</summary>
    public IReadOnlyList<ApiBudgetStatistic> BudgetStatistics() => Throttle.Statistics();

    /// <summary>
    /// Records that <paramref name="path"/> is being loaded into this session; false when it already was, so a
    /// long interactive session does not merge an older file over what it has learnt since.
    /// </summary>
    public bool MarkCacheFileLoaded(string path)
    {
        lock (_loadedCacheFiles)
        {
            return _loadedCacheFiles.Add(path);
        }
    }

    /// <summary>Forgets which cache files were loaded (after the caches were cleared).</summary>
    public void ForgetLoadedCacheFiles()
    {
        lock (_loadedCacheFiles)
        {
            _loadedCacheFiles.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Throttle.Dispose();
}
