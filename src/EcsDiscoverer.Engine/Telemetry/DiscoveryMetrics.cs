using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using Prometheus;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>
/// The self-metrics of the discovery loop (issue 3): what the rounds did, how the AWS API answered, how the caches
/// are used. Thread-safe: rounds, AWS call attempts and scrapes may all arrive at once.
/// </summary>
/// <remarks>
/// The metrics live in a registry of their own, not prometheus-net's default one: the default registry starts
/// .NET event and meter listeners on first collection, which a PowerShell host should not get as a side effect,
/// and it would mix in metrics of whatever else in the process uses prometheus-net. The process and runtime metrics
/// (<c>process_*</c>, <c>dotnet_*</c>, from prometheus-net's <see cref="DotNetStats"/>, which reads the process and the
/// GC at collection time and starts no listener) live in a second registry that only the HTTP endpoint serves: in a
/// metrics file they would clash with node_exporter's own <c>process_*</c> metrics.
/// </remarks>
internal sealed class DiscoveryMetrics : IAwsCallObserver, Events.IEventObserver
{
    private const string Prefix = "ecs_discoverer_";

    // From a single-cluster round against a warm cache to a cold round over many clusters, paced by the warm-up throttle.
    private static readonly double[] RoundBuckets = { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300 };

    // One AWS API attempt: milliseconds normally, up to the per-attempt timeout when AWS is slow.
    private static readonly double[] ApiBuckets = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };

    private static readonly string[] ApiLabels = { "service", "operation" };

    // From an event to its target in the files: the debounce and a round (tenths of a second) to a queue read late.
    private static readonly double[] EventBuckets = { 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60 };

    private readonly CollectorRegistry _registry;
    private readonly CollectorRegistry _processRegistry;
    private readonly Func<IReadOnlyList<CacheStatistic>> _cacheStatistics;
    private readonly IReadOnlyList<string> _fileNames;
    private readonly Histogram _roundDuration;
    private readonly Counter _rounds;
    private readonly Counter _roundOverruns;
    private readonly Gauge _targets;
    private readonly Gauge _skippedContainers;
    private readonly Counter _clusterFailures;
    private readonly Counter _dropsHeld;
    private readonly Gauge _scopeUp;
    private readonly Gauge _scopeTargets;
    private readonly Counter _apiRequests;
    private readonly Histogram _apiRequestDuration;
    private readonly Gauge _cacheEntries;
    private readonly Counter _cacheHits;
    private readonly Counter _cacheMisses;
    private readonly Gauge _lastSuccess;
    private readonly Counter _eventsReceived;
    private readonly Counter _eventsApplied;
    private readonly Counter _eventsIgnored;
    private readonly Histogram _eventToWrite;
    private readonly Counter _reconciliations;
    private readonly Counter _reconciliationCorrections;
    private readonly Gauge _eventMode;
    private readonly Gauge _budgetTokens;
    private readonly Counter _budgetWait;
    private Func<IReadOnlyList<ApiBudgetStatistic>> _budgets = () => Array.Empty<ApiBudgetStatistic>();
    private long _lastSuccessTicks;
    private long _roundsRecorded;

    /// <summary>Creates the metrics, every series that can be known in advance at zero.</summary>
    /// <param name="version">The module version, published as the <c>version</c> label of <c>ecs_discoverer_build_info</c>.</param>
    /// <param name="cacheStatistics">
    /// Snapshots of the engine caches, called just before every collection (scrape or file write), possibly from
    /// several threads at once, so it must be quick. Should it throw, prometheus-net writes the exception to
    /// <see cref="System.Diagnostics.Trace"/> and the collection goes on with the cache metrics as they were.
    /// </param>
    /// <param name="fileNames">The output files (<c>FILENAME_*</c>), the values of the <c>file</c> label; the default names when null.</param>
    public DiscoveryMetrics(string version, Func<IReadOnlyList<CacheStatistic>> cacheStatistics, OutputFileNames? fileNames = null)
    {
        if (version is null)
        {
            throw new ArgumentNullException(nameof(version));
        }

        _cacheStatistics = cacheStatistics ?? throw new ArgumentNullException(nameof(cacheStatistics));
        _fileNames = (fileNames ?? OutputFileNames.Default).All;
        _registry = Metrics.NewCustomRegistry();
        _processRegistry = Metrics.NewCustomRegistry();
        DotNetStats.Register(_processRegistry);
        var factory = Metrics.WithCustomRegistry(_registry);

        _roundDuration = factory.CreateHistogram(
            Prefix + "round_duration_seconds",
            "How long a discovery round took, discovery and writing the files.",
            new HistogramConfiguration { Buckets = RoundBuckets });
        _rounds = factory.CreateCounter(Prefix + "rounds_total", "Discovery rounds, by result: success, partial (some clusters failed) or failed (nothing written).", "result");
        _roundOverruns = factory.CreateCounter(Prefix + "round_overruns_total", "Rounds that took longer than the interval, so that the next round started late.");
        _targets = factory.CreateGauge(Prefix + "targets", "Target groups in each file_sd file after the last round that wrote the files.", "file");
        _skippedContainers = factory.CreateGauge(Prefix + "skipped_containers", "Marked containers that are not targets in the last round, by skip reason.", "reason");
        _clusterFailures = factory.CreateCounter(Prefix + "cluster_failures_total", "Rounds in which discovery of a cluster failed (the cluster kept its last good targets).", "cluster");
        _scopeUp = factory.CreateGauge(Prefix + "scope_up", "1 when the last round could list the account-region's clusters (R17), 0 when the whole scope failed and kept its last good targets.", "scope", "account", "region");
        _scopeTargets = factory.CreateGauge(Prefix + "scope_targets", "Targets the last round found in each account-region (R17); a failed scope keeps its previous value.", "scope", "account", "region");
        _dropsHeld = factory.CreateCounter(Prefix + "target_drops_held_total", "Rounds in which the churn guard (MAX_TARGET_DROP) kept a cluster's previous targets instead of a large drop.", "cluster");
        _apiRequests = factory.CreateCounter(Prefix + "api_requests_total", "AWS API call attempts, retries included, by outcome: ok, throttled or error.", "service", "operation", "outcome");
        _apiRequestDuration = factory.CreateHistogram(
            Prefix + "api_request_duration_seconds",
            "How long one AWS API call attempt took, whatever its outcome.",
            new HistogramConfiguration { LabelNames = ApiLabels, Buckets = ApiBuckets });
        _cacheEntries = factory.CreateGauge(Prefix + "cache_entries", "Entries held by each engine cache.", "cache");
        _cacheHits = factory.CreateCounter(Prefix + "cache_hits_total", "Cache lookups answered without an AWS API call.", "cache");
        _cacheMisses = factory.CreateCounter(Prefix + "cache_misses_total", "Cache lookups that needed an AWS API call.", "cache");
        _budgetTokens = factory.CreateGauge(Prefix + "api_budget_tokens", "Tokens in each client-side bucket (one per AWS throttling group) at collection time.", "group");
        _budgetWait = factory.CreateCounter(Prefix + "api_budget_wait_seconds_total", "Time AWS call attempts spent waiting for a token of each client-side bucket.", "group");
        _lastSuccess = factory.CreateGauge(Prefix + "last_success_timestamp_seconds", "Unix time at which the last successful or partial round ended; 0 before the first one.");
        _eventsReceived = factory.CreateCounter(Prefix + "events_received_total", "Messages received from the event queue (R18), by the scope they belong to.", "scope");
        _eventsApplied = factory.CreateCounter(Prefix + "events_applied_total", "ECS state change events applied to the cached state (R18).", "scope");
        _eventsIgnored = factory.CreateCounter(Prefix + "events_ignored_total", "Messages that changed nothing, by reason: stale, duplicate, foreign or malformed (R18).", "scope", "reason");
        _eventToWrite = factory.CreateHistogram(
            Prefix + "event_to_write_seconds",
            "From ECS's change of a task (the event's updatedAt) to the files written with it (R18).",
            new HistogramConfiguration { Buckets = EventBuckets });
        _reconciliations = factory.CreateCounter(Prefix + "reconciliations_total", "Listings of a scope kept by events, to repair what events missed (RECONCILE_INTERVAL, R18).", "scope");
        _reconciliationCorrections = factory.CreateCounter(Prefix + "reconciliation_corrections_total", "Tasks a reconciliation found the events had wrong: started or stopped without an event (R18).", "scope");
        _eventMode = factory.CreateGauge(Prefix + "event_mode", "1 while the scope is discovered from its event queue, 0 while it is polled because the queue cannot be read (R18).", "scope");
        var buildInfo = factory.CreateGauge(Prefix + "build_info", "The EcsDiscoverer version; always 1.", "version");

        // Series that exist from the start, so that rate() and absent() behave from the first scrape.
        foreach (var result in new[] { RoundResult.Success, RoundResult.Partial, RoundResult.Failed })
        {
            _rounds.WithLabels(ResultLabel(result));
        }

        foreach (var file in _fileNames)
        {
            _targets.WithLabels(file);
        }

        foreach (var reason in SkipReasons.All)
        {
            _skippedContainers.WithLabels(SkipReasons.Name(reason));
        }

        buildInfo.WithLabels(version).Set(1);
        _registry.AddBeforeCollectCallback(MirrorCacheStatistics);
    }

    /// <summary>Records what a round did.</summary>
    /// <remarks>
    /// The target and skipped-container gauges change only when the round wrote the files
    /// (<see cref="RoundReport.TargetsByFile"/> is not empty): after a failed round the files, and so the gauges,
    /// still describe the previous round.
    /// </remarks>
    public void RecordRound(RoundReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        _roundDuration.Observe(NonNegativeSeconds(report.Duration));
        _rounds.WithLabels(ResultLabel(report.Result)).Inc();
        if (report.Overran)
        {
            _roundOverruns.Inc();
        }

        if (report.TargetsByFile.Count > 0)
        {
            // The report lists all five files; a file it leaves out was written empty.
            foreach (var file in _fileNames)
            {
                _targets.WithLabels(file).Set(report.TargetsByFile.TryGetValue(file, out var count) ? count : 0);
            }

            foreach (var reason in SkipReasons.All)
            {
                var name = SkipReasons.Name(reason);
                _skippedContainers.WithLabels(name).Set(report.SkippedByReason.TryGetValue(name, out var count) ? count : 0);
            }
        }

        foreach (var cluster in report.FailedClusters)
        {
            _clusterFailures.WithLabels(cluster).Inc();
        }

        foreach (var cluster in report.HeldClusters)
        {
            _dropsHeld.WithLabels(cluster).Inc();
        }

        foreach (var scope in report.Scopes)
        {
            var labels = new[] { scope.Name, scope.Account ?? "", scope.Region };
            _scopeUp.WithLabels(labels).Set(scope.Up ? 1 : 0);
            if (scope.Up)
            {
                _scopeTargets.WithLabels(labels).Set(scope.Targets);
            }
        }

        if (report.Result is RoundResult.Success or RoundResult.Partial)
        {
            var end = report.StartedAt + report.Duration;
            _lastSuccess.Set(end.ToUnixTimeMilliseconds() / 1000.0);
            Interlocked.Exchange(ref _lastSuccessTicks, end.UtcTicks);
        }

        Interlocked.Increment(ref _roundsRecorded);
    }

    /// <summary>
    /// Why the loop is not ready at <paramref name="now"/> (<c>/-/ready</c>), in one line; null when a successful or
    /// partial round ended at most <paramref name="maxAge"/> ago.
    /// </summary>
    public string? NotReadyReason(TimeSpan maxAge, DateTimeOffset now)
    {
        var ticks = Interlocked.Read(ref _lastSuccessTicks);
        if (ticks == 0)
        {
            return Interlocked.Read(ref _roundsRecorded) == 0
                ? "Not ready: no discovery round has finished yet."
                : "Not ready: no discovery round has succeeded yet (every round failed; see the loop's errors).";
        }

        var age = now - new DateTimeOffset(ticks, TimeSpan.Zero);
        return age <= maxAge
            ? null
            : string.Format(
                CultureInfo.InvariantCulture,
                "Not ready: the last successful round ended {0} ago, longer than READY_MAX_AGE ({1}).",
                DurationParser.Format(TimeSpan.FromSeconds(Math.Floor(age.TotalSeconds))),
                DurationParser.Format(maxAge));
    }

    /// <inheritdoc />
    public void OnAttempt(string service, string operation, AwsCallOutcome outcome, TimeSpan duration)
    {
        _apiRequests.WithLabels(service, operation, OutcomeLabel(outcome)).Inc();
        _apiRequestDuration.WithLabels(service, operation).Observe(NonNegativeSeconds(duration));
    }

    /// <inheritdoc />
    public void EventReceived(string scope) => _eventsReceived.WithLabels(scope).Inc();

    /// <inheritdoc />
    public void EventApplied(string scope) => _eventsApplied.WithLabels(scope).Inc();

    /// <inheritdoc />
    public void EventIgnored(string scope, Events.EventIgnoreReason reason) => _eventsIgnored.WithLabels(scope, Events.EventIgnoreReasons.Name(reason)).Inc();

    /// <inheritdoc />
    public void EventWritten(TimeSpan latency) => _eventToWrite.Observe(NonNegativeSeconds(latency));

    /// <inheritdoc />
    public void Reconciled(string scope, int corrections)
    {
        _reconciliations.WithLabels(scope).Inc();
        _reconciliationCorrections.WithLabels(scope).Inc(corrections);
    }

    /// <inheritdoc />
    public void ModeChanged(string scope, bool fromEvents) => _eventMode.WithLabels(scope).Set(fromEvents ? 1 : 0);

    /// <summary>The series of a scope kept by events, at zero from the start (so that rate() and absent() behave).</summary>
    internal void DeclareEventScope(string scope)
    {
        _eventsReceived.WithLabels(scope);
        _eventsApplied.WithLabels(scope);
        foreach (var reason in Events.EventIgnoreReasons.All)
        {
            _eventsIgnored.WithLabels(scope, Events.EventIgnoreReasons.Name(reason));
        }

        _reconciliations.WithLabels(scope);
        _reconciliationCorrections.WithLabels(scope);
        _eventMode.WithLabels(scope).Set(0);
    }

    /// <summary>Collects the metrics and writes them to <paramref name="destination"/> in the Prometheus text format (0.0.4).</summary>
    /// <remarks>The stream is left open.</remarks>
    public Task WriteTextAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        return _registry.CollectAndExportAsTextAsync(destination, cancellationToken);
    }

    /// <summary>
    /// Collects the metrics and the process and runtime metrics (<c>process_*</c>, <c>dotnet_*</c>) and writes them to
    /// <paramref name="destination"/> in the Prometheus text format (0.0.4): what the HTTP endpoint serves.
    /// </summary>
    /// <remarks>The stream is left open.</remarks>
    public async Task WriteServedTextAsync(Stream destination, CancellationToken cancellationToken)
    {
        await WriteTextAsync(destination, cancellationToken).ConfigureAwait(false);
        await _processRegistry.CollectAndExportAsTextAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Collects the metrics, without the process ones, and returns them in the Prometheus text format (0.0.4).</summary>
    public string ToText()
    {
        using var buffer = new MemoryStream();
        // prometheus-net has no synchronous export and its awaits capture the caller's synchronization context;
        // blocking on the thread pool instead cannot deadlock whatever host calls this.
        Task.Run(() => WriteTextAsync(buffer, CancellationToken.None)).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Where the budget metrics come from: the throttle the run's calls go through. Called before any collection.</summary>
    internal void ObserveBudgets(Func<IReadOnlyList<ApiBudgetStatistic>> budgets) => _budgets = budgets ?? throw new ArgumentNullException(nameof(budgets));

    private void MirrorCacheStatistics()
    {
        foreach (var budget in _budgets())
        {
            _budgetTokens.WithLabels(budget.Group).Set(budget.TokensAvailable);
            _budgetWait.WithLabels(budget.Group).IncTo(budget.WaitSeconds);
        }

        foreach (var cache in _cacheStatistics())
        {
            _cacheEntries.WithLabels(cache.Name).Set(cache.Entries);
            // The sources are cumulative; IncTo ignores a smaller value, so the counters never go backwards.
            _cacheHits.WithLabels(cache.Name).IncTo(cache.Hits);
            _cacheMisses.WithLabels(cache.Name).IncTo(cache.Misses);
        }
    }

    private static double NonNegativeSeconds(TimeSpan duration) => Math.Max(0, duration.TotalSeconds);

    private static string ResultLabel(RoundResult result) => result switch
    {
        RoundResult.Success => "success",
        RoundResult.Partial => "partial",
        _ => "failed",
    };

    private static string OutcomeLabel(AwsCallOutcome outcome) => outcome switch
    {
        AwsCallOutcome.Ok => "ok",
        AwsCallOutcome.Throttled => "throttled",
        _ => "error",
    };
}
