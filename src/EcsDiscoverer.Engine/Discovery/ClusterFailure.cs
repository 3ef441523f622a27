using System;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// A cluster whose discovery failed this round, or a wildcard of the selection that matched no cluster
/// (<see cref="ClusterSelectionException"/>), or a whole scope that could not be listed (its role denied, its region
/// down: the wildcard <c>*</c> of that account and region). Either way R10 keeps the last good targets of what it covers.
/// </summary>
public sealed class ClusterFailure
{
    private readonly ClusterPattern _pattern;

    /// <summary>Creates the record.</summary>
    public ClusterFailure(string cluster, Exception error)
        : this(cluster, error, null, null, null)
    {
    }

    private ClusterFailure(string cluster, Exception error, string? region, string? account, string? scopeName)
    {
        Cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        Error = error ?? throw new ArgumentNullException(nameof(error));
        _pattern = new ClusterPattern(cluster);
        Region = region ?? NullIfEmpty(ArnParts.Region(cluster));
        Account = account ?? NullIfEmpty(ArnParts.Account(cluster));
        ScopeName = scopeName;
    }

    /// <summary>The cluster name or ARN as it was asked for, or the wildcard that matched nothing.</summary>
    public string Cluster { get; }

    /// <summary>What went wrong; usually an <see cref="Aws.AwsApiException"/> or a <see cref="ClusterSelectionException"/>.</summary>
    public Exception Error { get; }

    /// <summary>The cluster name, or the wildcard, for messages and metrics.</summary>
    public string Name => _pattern.IsWildcard ? Cluster : ArnParts.ClusterName(Cluster);

    /// <summary>
    /// How round lines and metrics name the failure: the cluster (or wildcard); in a run of several scopes with its
    /// scope, and a whole scope that failed by the scope alone.
    /// </summary>
    public string DisplayName => ScopeName is null ? Name : Name == "*" ? ScopeName : $"{Name} ({ScopeName})";

    /// <summary>How sentences about the failure begin: "Cluster prod", "Cluster prod in SCOPE", or "Scope SCOPE".</summary>
    public string Subject => ScopeName is null ? $"Cluster {Name}" : Name == "*" ? $"Scope {ScopeName}" : $"Cluster {Name} in {ScopeName}";

    /// <summary>The region the failure is in, when known: only that region's clusters are covered.</summary>
    public string? Region { get; }

    /// <summary>The account the failure is in, when known: only that account's clusters are covered.</summary>
    public string? Account { get; }

    /// <summary>The scope the failure happened in (account, role, region), for messages; null in a run of one scope.</summary>
    public string? ScopeName { get; }

    /// <summary>The same failure, known to have happened in the scope of <paramref name="region"/> and <paramref name="account"/>.</summary>
    public ClusterFailure InScope(string region, string? account, string? scopeName) =>
        new(Cluster, Error, Region ?? region, Account ?? account, scopeName ?? ScopeName);

    /// <summary>
    /// Whether the cluster <paramref name="cluster"/> (a cluster ARN, or a name where no ARN is known) is the failed
    /// one, or one the failed wildcard covers, in the failure's account and region where those are known.
    /// </summary>
    public bool Covers(string cluster)
    {
        var name = ArnParts.ClusterName(cluster);
        if (!Matches(Region, ArnParts.Region(cluster)) || !Matches(Account, ArnParts.Account(cluster)))
        {
            return false;
        }

        return _pattern.IsWildcard ? _pattern.Matches(cluster, name) : string.Equals(Name, name, StringComparison.Ordinal);
    }

    // An unknown side (a plain name, a failure of the run's only scope) matches any account or region.
    private static bool Matches(string? mine, string theirs) =>
        mine is null || theirs.Length == 0 || string.Equals(mine, theirs, StringComparison.Ordinal);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
