using System;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// A cluster whose discovery failed this round, or a wildcard of the selection that matched no cluster
/// (<see cref="ClusterSelectionException"/>). Either way R10 keeps the last good targets of what it covers.
/// </summary>
public sealed class ClusterFailure
{
    private readonly ClusterPattern _pattern;

    /// <summary>Creates the record.</summary>
    public ClusterFailure(string cluster, Exception error)
    {
        Cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        Error = error ?? throw new ArgumentNullException(nameof(error));
        _pattern = new ClusterPattern(cluster);
    }

    /// <summary>The cluster name or ARN as it was asked for, or the wildcard that matched nothing.</summary>
    public string Cluster { get; }

    /// <summary>What went wrong; usually an <see cref="Aws.AwsApiException"/> or a <see cref="ClusterSelectionException"/>.</summary>
    public Exception Error { get; }

    /// <summary>The cluster name, or the wildcard, for messages and metrics.</summary>
    public string Name => _pattern.IsWildcard ? Cluster : ArnParts.ClusterName(Cluster);

    /// <summary>Whether the cluster <paramref name="clusterName"/> is the failed one, or one the failed wildcard covers.</summary>
    public bool Covers(string clusterName) =>
        _pattern.IsWildcard ? _pattern.Matches(clusterName, clusterName) : string.Equals(Name, clusterName, StringComparison.Ordinal);
}
