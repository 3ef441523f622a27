using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>What one discovery round found.</summary>
public sealed class DiscoveryResult
{
    /// <summary>Creates a result; <paramref name="discoveredClusters"/> are cluster ARNs where known, else names.</summary>
    public DiscoveryResult(
        IReadOnlyList<ScrapeTarget> targets,
        IReadOnlyList<SkippedContainer> skipped,
        IReadOnlyList<string> discoveredClusters,
        IReadOnlyList<ClusterFailure> failures)
    {
        Targets = targets;
        Skipped = skipped;
        DiscoveredClusterKeys = discoveredClusters;
        DiscoveredClusters = discoveredClusters.Select(ArnParts.ClusterName).ToList();
        Failures = failures;
        Outcome = new DiscoveryOutcome(discoveredClusters, failures);
    }

    /// <summary>The targets, in output order (job, target, path).</summary>
    public IReadOnlyList<ScrapeTarget> Targets { get; }

    /// <summary>Marked containers that did not become targets.</summary>
    public IReadOnlyList<SkippedContainer> Skipped { get; }

    /// <summary>The names of the clusters discovered successfully.</summary>
    public IReadOnlyList<string> DiscoveredClusters { get; }

    /// <summary>
    /// The clusters discovered successfully as R10 and the churn guard tell them apart: their ARNs (which name account
    /// and region) where known, else their names.
    /// </summary>
    public IReadOnlyList<string> DiscoveredClusterKeys { get; }

    /// <summary>The clusters that failed.</summary>
    public IReadOnlyList<ClusterFailure> Failures { get; }

    /// <summary>
    /// False when this engine's previous round found the same clusters, each with the same tasks, all evaluated then,
    /// and nothing failed: the targets are the previous round's, and the files need not be rendered again.
    /// </summary>
    public bool Changed { get; init; } = true;

    /// <summary>Whether the round started cold and its calls were paced by the warm-up throttle.</summary>
    public bool WarmUp { get; init; }

    /// <summary>Whether the round came from task events and the caches, without listing (R18.2).</summary>
    public bool FromEvents { get; init; }

    /// <summary>
    /// In a reconciliation, how many tasks the events had wrong (R18.5); null when the round was not one (polled
    /// without events, or from events).
    /// </summary>
    public int? Corrections { get; init; }

    /// <summary>Which clusters were covered and which failed, for the target objects to carry.</summary>
    public DiscoveryOutcome Outcome { get; }

    /// <summary>How each account-region fared (one entry in a run of one scope).</summary>
    public IReadOnlyList<Scopes.ScopeOutcome> Scopes { get; init; } = System.Array.Empty<Scopes.ScopeOutcome>();

    /// <summary>This result, with the outcome of its scopes.</summary>
    internal DiscoveryResult WithScopes(IReadOnlyList<Scopes.ScopeOutcome> scopes) =>
        new(Targets, Skipped, DiscoveredClusterKeys, Failures) { Changed = Changed, WarmUp = WarmUp, Scopes = scopes, FromEvents = FromEvents, Corrections = Corrections };

    /// <summary>True when clusters were asked for and every one of them failed: nothing of this round is usable.</summary>
    public bool FailedEntirely => Outcome.FailedEntirely;
}
