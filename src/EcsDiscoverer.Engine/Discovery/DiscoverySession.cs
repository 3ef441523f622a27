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
        : this(endpoint, region, "")
    {
    }

    /// <summary>Creates an empty session of <paramref name="principal"/>'s calls (a profile or role; empty: the run's credentials).</summary>
    public DiscoverySession(Uri endpoint, string region, string principal)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Region = region ?? throw new ArgumentNullException(nameof(region));
        Principal = principal ?? throw new ArgumentNullException(nameof(principal));
    }

    /// <summary>The ECS endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The region.</summary>
    public string Region { get; }

    /// <summary>
    /// Whose calls: empty for the run's own credentials, else the profile and role of a scope (<c>profile:NAME</c>,
    /// <c>role:ARN</c>). Another account's cluster may have the same name, so its tasks are cached apart.
    /// </summary>
    public string Principal { get; }

    /// <summary>
    /// What a cache file section must have been written for: endpoint, region, and the principal where there is one
    /// (so that a run of the default credentials still reads the files written before scopes existed).
    /// </summary>
    public string Scope => Key(Endpoint, Region, Principal);

    internal static string Key(Uri endpoint, string region, string principal) =>
        endpoint.AbsoluteUri + "|" + region + (principal.Length == 0 ? "" : "|" + principal);

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
