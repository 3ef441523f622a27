using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Events;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// Runs discovery rounds: which clusters, then the clusters side by side (each from the caches where it can),
/// then one ordered result, then the caches forget what nothing refers to any more.
/// </summary>
internal sealed class EcsDiscoveryEngine
{
    private readonly IEcsApi _ecs;
    private readonly IEc2Api _ec2;
    private readonly DiscoveryCaches _caches;
    private readonly DiscoveryOptions _options;
    private readonly ApiThrottle? _throttle;
    private HashSet<string> _lastClusters = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _lastSelection;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ClusterOutcome Outcome, ClusterTaskSet? Set)> _lastOutcomes = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with the default options and no throttle.</summary>
    public EcsDiscoveryEngine(IEcsApi ecs, IEc2Api ec2, DiscoveryCaches caches, RuleSettings rules)
        : this(ecs, ec2, caches, new DiscoveryOptions { Rules = rules ?? throw new ArgumentNullException(nameof(rules)) }, null)
    {
    }

    /// <summary>
    /// Creates an engine over the given clients. The caches may be shared between engines of one account and region;
    /// <paramref name="throttle"/> is the one the clients' calls go through, paced here during a cold round.
    /// </summary>
    public EcsDiscoveryEngine(IEcsApi ecs, IEc2Api ec2, DiscoveryCaches caches, DiscoveryOptions options, ApiThrottle? throttle)
    {
        _ecs = ecs ?? throw new ArgumentNullException(nameof(ecs));
        _ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
        _caches = caches ?? throw new ArgumentNullException(nameof(caches));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _throttle = throttle;
    }

    /// <summary>
    /// Discovers the clusters of the request. A cluster that fails is reported in
    /// <see cref="DiscoveryResult.Failures"/> and the others go on.
    /// </summary>
    /// <exception cref="AwsApiException">The clusters could not even be listed.</exception>
    public async Task<DiscoveryResult> DiscoverAsync(DiscoveryRequest request, IDiscoveryLog? log, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        log ??= NullDiscoveryLog.Instance;
        var warmUp = _options.WarmupThrottle && !_caches.IsWarm && _throttle is not null && _options.WarmupInterval > TimeSpan.Zero;
        using var pacing = warmUp ? _throttle!.Pace(_options.WarmupInterval) : null;
        if (warmUp)
        {
            log.Verbose($"The caches are cold: API calls are spaced {_options.WarmupInterval.TotalSeconds:0.###} s apart this round (WARMUP_THROTTLE).");
        }

        var patterns = request.Clusters.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new ClusterPattern(c)).ToList();
        log.Verbose($"Discovering {(patterns.Count == 0 ? "every cluster" : string.Join(", ", patterns.Select(p => p.Text)))}{(request.Region.Length > 0 ? " in " + request.Region : "")}");
        var fromEvents = request.FromEvents && request.Events is not null && _lastSelection is not null;
        var selection = fromEvents
            ? new ClusterSelection(WithEventClusters(_lastSelection!, request.Events!), Array.Empty<ClusterFailure>())
            : await ClusterResolver.ResolveAsync(patterns, request.Region, _ecs, log, cancellationToken).ConfigureAwait(false);
        if (!fromEvents)
        {
            _lastSelection = selection.Clusters;
        }

        var outcomes = await DiscoverClustersAsync(selection.Clusters, request.Events, fromEvents, log, cancellationToken).ConfigureAwait(false);
        var targets = outcomes.Where(o => o.Error is null).SelectMany(o => o.Targets).ToList();
        var skipped = outcomes.Where(o => o.Error is null).SelectMany(o => o.Skipped).ToList();
        var discovered = outcomes.Where(o => o.Error is null).Select(ClusterKey).ToList();
        var failures = outcomes.Where(o => o.Error is not null).Select(o => new ClusterFailure(o.Cluster, o.Error!)).Concat(selection.Unmatched).ToList();
        foreach (var failure in failures)
        {
            // A cluster that is gone takes its cached tasks along, and its waiting events (R18: else they would ask for
            // a listing of it every round); an instance or definition that is not found does not.
            if (failure.Error is AwsApiException { ErrorCode: AwsErrorClassifier.ClusterNotFound })
            {
                var name = ArnParts.ClusterName(failure.Cluster);
                _caches.Tasks.Forget(name);
                request.Events?.Settle(name, request.Events.Peek(name));
            }
        }

        if (discovered.Count > 0)
        {
            _caches.IsWarm = true;
        }

        var lastClusters = _lastClusters;
        _lastClusters = new HashSet<string>(discovered, StringComparer.Ordinal);

        _caches.Sweep();
        var ordered = InOutputOrder(targets);
        var orderedSkips = InOutputOrder(skipped);
        return new DiscoveryResult(ordered, orderedSkips, discovered, failures)
        {
            WarmUp = warmUp,
            Changed = failures.Count > 0 || outcomes.Any(o => o.Changed) || !lastClusters.SetEquals(discovered),
            FromEvents = fromEvents,
            Corrections = request.Events is null || fromEvents ? null : outcomes.Sum(o => o.Corrections),
        };
    }

    /// <summary>Targets in the order of the files and the pipeline: job, target, path, interval, task, container.</summary>
    internal static List<ScrapeTarget> InOutputOrder(IEnumerable<ScrapeTarget> targets) =>
        targets
            .OrderBy(t => t.Job, StringComparer.Ordinal)
            .ThenBy(t => t.Target, StringComparer.Ordinal)
            .ThenBy(t => t.MetricsPath, StringComparer.Ordinal)
            .ThenBy(t => t.Interval)
            .ThenBy(t => t.TaskArn, StringComparer.Ordinal)
            .ThenBy(t => t.ContainerName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Skipped containers in the order of the pipeline: cluster, family, task, container.</summary>
    internal static List<SkippedContainer> InOutputOrder(IEnumerable<SkippedContainer> skipped) =>
        skipped
            .OrderBy(s => s.ClusterName, StringComparer.Ordinal)
            .ThenBy(s => s.Family, StringComparer.Ordinal)
            .ThenBy(s => s.TaskId, StringComparer.Ordinal)
            .ThenBy(s => s.ContainerName, StringComparer.Ordinal)
            .ToList();

    // The last listing's clusters, and a cluster that events name and the caches do not know yet (a new cluster of a
    // wildcard selection; the queue reader offers only events of selected clusters): it is listed this round.
    private static List<string> WithEventClusters(IReadOnlyList<string> selection, TaskEventLedger events)
    {
        var names = new HashSet<string>(selection.Select(ArnParts.ClusterName), StringComparer.Ordinal);
        return selection.Concat(events.PendingClusterArns().Where(arn => !names.Contains(ArnParts.ClusterName(arn)))).ToList();
    }

    private async Task<List<ClusterOutcome>> DiscoverClustersAsync(
        IReadOnlyList<string> clusters, TaskEventLedger? events, bool fromEvents, IDiscoveryLog log, CancellationToken cancellationToken)
    {
        var progress = new DiscoveryProgressTracker(log, clusters.Count);
        using var discovery = new ClusterDiscovery(_ecs, _ec2, _caches, _options.Rules, log, progress, _options.ReadTaskTags);
        progress.Start();
        using var gate = new SemaphoreSlim(Math.Max(1, _options.ClusterConcurrency));
        var work = clusters.Select(async cluster =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            var name = ArnParts.ClusterName(cluster);
            try
            {
                if (fromEvents && events!.Peek(name).Count == 0 && _lastOutcomes.TryGetValue(cluster, out var last) && ReferenceEquals(last.Set, _caches.Tasks.Of(name)))
                {
                    // No event for this cluster since its last round: its targets are those, without a look at its tasks.
                    return last.Outcome with { Changed = false, Corrections = 0 };
                }

                var found = await discovery.RunAsync(cluster, events, fromEvents, cancellationToken).ConfigureAwait(false);
                var outcome = new ClusterOutcome(cluster, found.Targets, found.Skipped, null, found.Changed, found.Corrections);
                if (events is not null)
                {
                    _lastOutcomes[cluster] = (outcome, _caches.Tasks.Of(name));
                }

                return outcome;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _lastOutcomes.TryRemove(cluster, out _);

                // Whatever one cluster's data does to us, the other clusters still count.
                return new ClusterOutcome(cluster, new List<ScrapeTarget>(), new List<SkippedContainer>(), ex, true, 0);
            }
            finally
            {
                gate.Release();
                progress.ClusterDone(ArnParts.ClusterName(cluster));
            }
        }).ToList();

        // Results keep the order of the clusters, whatever order they finish in.
        return (await Task.WhenAll(work).ConfigureAwait(false)).ToList();
    }

    // The cluster's ARN where known (listed, given, or in its targets), so that the round tells a cluster "prod" of one
    // account or region from another's; the name of a named cluster without targets, which has nothing to keep anyway.
    private static string ClusterKey(ClusterOutcome outcome) =>
        outcome.Cluster.StartsWith("arn:", StringComparison.Ordinal) ? outcome.Cluster
        : outcome.Targets.FirstOrDefault(t => t.ClusterArn.Length > 0)?.ClusterArn ?? outcome.Cluster;

    private sealed record ClusterOutcome(string Cluster, List<ScrapeTarget> Targets, List<SkippedContainer> Skipped, Exception? Error, bool Changed, int Corrections);
}
