using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Memory;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Scopes;
using EcsDiscoverer.Engine.Serving;
using EcsDiscoverer.Engine.Telemetry;

namespace EcsDiscoverer.Engine;

/// <summary>
/// The one door from the cmdlets into the engine. It wires a run once: the account-regions of its scopes (R17), each
/// with its AWS connection, its process-wide session (caches, call statistics, throttle) and its engine; the fleet
/// discovery over them, the metrics, the round and the server; the cmdlets only turn parameters into
/// <see cref="DiscoverySettings"/> and results into PowerShell output.
/// </summary>
public sealed class DiscoveryHost : IDisposable
{
    private static readonly ClusterNameCache CompletionNames = new(TimeSpan.FromSeconds(60));
    private static readonly TimeSpan CompletionBackgroundLimit = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<ScopeRun> _runs = Array.Empty<ScopeRun>();
    private readonly FleetDiscovery? _fleet;
    private readonly bool _loop;
    private TargetSnapshots? _targets;
    private readonly Events.EventFeed? _events;

    private DiscoveryHost(DiscoverySettings settings, string version, IReadOnlyList<(ScopeRegion Plan, AwsConnectionTarget Target)>? scopes, bool loop)
    {
        Settings = settings;
        _loop = loop;
        Metrics = loop || settings.Metrics.File is not null
            ? new DiscoveryMetrics(version, () => CacheStatistic.Totals(_runs.SelectMany(r => r.Session.Caches.Statistics())), settings.OutputFiles)
            : null;
        if (scopes is null || scopes.Count == 0)
        {
            return;
        }

        // Only the loop paces its cold round (WARMUP_THROTTLE): a one-off run wants its answer now. Only the loop reads
        // events, and with them task tags only when asked (R18.3).
        var queues = loop ? scopes.Select(s => s.Plan.Scope.EventQueueUrl ?? settings.Events.QueueUrl).ToList() : scopes.Select(_ => (string?)null).ToList();
        var options = loop ? settings.Discovery : settings.Discovery.WithoutWarmup();
        if (queues.Any(q => q is not null) && !settings.Events.TaskTags)
        {
            options = options.WithReadTaskTags(false);
        }

        _runs = scopes.Select(s => new ScopeRun(s.Plan, s.Target, settings.Retry, options, Metrics, s.Plan.Describe(s.Target.Region))).ToList();
        Target = _runs[0].Target;
        Session = _runs[0].Session;
        Metrics?.ObserveBudgets(() => ApiBudgetStatistic.Totals(_runs.SelectMany(r => r.Throttle.Statistics())));
        _fleet = new FleetDiscovery(_runs, settings.Fleet.Concurrency);
        if (queues.Any(q => q is not null))
        {
            _events = ScopeEventFeed.Open(_runs, _fleet, queues, settings, Metrics);
            _fleet.Events = _events;
        }
    }

    /// <summary>What the loop's event source did so far; null without an event queue (R18).</summary>
    public Events.EventStatistic? EventStatistic => _events?.Statistic;

    /// <summary>The settings the run works with.</summary>
    public DiscoverySettings Settings { get; }

    /// <summary>Where the first scope's AWS calls go and where its credentials and region came from; null for piped targets.</summary>
    public AwsConnectionTarget? Target { get; }

    /// <summary>The session of the first scope's endpoint and region; null for piped targets.</summary>
    public DiscoverySession? Session { get; }

    /// <summary>
    /// One line per account-region the run covers: its name, where its credentials and region came from and the
    /// endpoint, for -Verbose and -Debug (never a secret).
    /// </summary>
    public IReadOnlyList<string> DescribeScopes() =>
        _runs.Select(r => $"{r.Name}: credentials from {r.Target.CredentialSource}; region {r.Target.Region} from {r.Target.RegionSource}; ECS endpoint {r.Target.EcsEndpoint}").ToList();

    /// <summary>The self-metrics, for the loop and for a one-off run with a metrics file.</summary>
    internal DiscoveryMetrics? Metrics { get; }

    /// <summary>Every session of this process (Get-EcsDiscoveryStatistic, Clear-EcsDiscoveryCache).</summary>
    public static IReadOnlyList<DiscoverySession> Sessions => DiscoverySessions.All;

    /// <summary>Opens a run that calls AWS.</summary>
    /// <param name="settings">The resolved settings.</param>
    /// <param name="version">The module version, for the build-info metric.</param>
    /// <param name="loop">A loop (warm-up pacing, metrics) rather than a one-off run.</param>
    /// <exception cref="AwsConfigurationException">No region, no credentials, or an unknown profile.</exception>
    /// <exception cref="ArgumentException">A malformed region name.</exception>
    public static DiscoveryHost Connect(DiscoverySettings settings, string version, bool loop)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var plan = ScopePlan.Expand(settings.Fleet, settings.Clusters, settings.Throttle);
        var scopes = plan.Select(p => (Plan: p, Target: Resolve(p, settings.Connection, plan.Count > 1))).ToList();
        ScopePlan.CheckDistinct(scopes.Select(s => (s.Plan, s.Target.Region)));
        return new DiscoveryHost(settings, version, scopes, loop);
    }

    // The scope's credentials: its profile instead of the run's credentials where it names one, then its role.
    private static AwsConnectionTarget Resolve(ScopeRegion plan, AwsConnectionOptions run, bool nameScope)
    {
        try
        {
            var target = AwsConnection.Resolve(run.ForScope(plan.Scope.ProfileName, plan.Region));
            return plan.Scope.RoleArn is null ? target : target.AssumingRole(plan.Scope.RoleArn, plan.Scope.ExternalId, plan.Scope.RoleSessionName);
        }
        catch (AwsConfigurationException ex) when (nameScope)
        {
            throw new AwsConfigurationException(ex.Problem, $"{plan.Describe(plan.Region ?? "(from the SDK's chain)")}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The names of the region's clusters, for tab completion: one ListClusters listing (no retries, no throttle)
    /// waited for at most <paramref name="timeLimit"/>, kept for a minute per endpoint, region and credentials (a listing
    /// that arrives later still fills the cache for the next call). Quiet: no region, no credentials, an unreachable
    /// endpoint or a slow one give an empty list, never an exception or a hang.
    /// </summary>
    public static IReadOnlyList<string> ListClusterNamesForCompletion(AwsConnectionOptions options, TimeSpan timeLimit)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var key = string.Join(
            "\n",
            options.EndpointUrl,
            options.Region ?? options.StoredRegion,
            options.ProfileName,
            options.ProfileLocation,
            options.AccessKey,
            options.CredentialCallbackSource);
        if (CompletionNames.TryGet(key, out var cached))
        {
            return cached;
        }

        // The listing may outlive the wait (the first call of a session loads and warms up the SDK): it goes on for a
        // while in the background and fills the cache, so that the next Tab has the names; the prompt waits no longer.
        var listing = Task.Run(async () =>
        {
            using var limit = new CancellationTokenSource(CompletionBackgroundLimit);
            var names = await ListClusterNamesAsync(options, CompletionBackgroundLimit, limit.Token).ConfigureAwait(false);
            CompletionNames.Put(key, names);
            return names;
        });
        try
        {
            if (listing.Wait(timeLimit))
            {
                return listing.Result;
            }

            // Observed, so that a late failure is never reported as unobserved.
            _ = listing.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return Array.Empty<string>();
        }
        catch (AggregateException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>The regions the AWS SDK knows, as system name and display name (tab completion of -Region).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> KnownRegions() =>
        Amazon.RegionEndpoint.EnumerableAllRegions
            .Select(r => new KeyValuePair<string, string>(r.SystemName, r.DisplayName))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    private static async Task<IReadOnlyList<string>> ListClusterNamesAsync(AwsConnectionOptions options, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var target = AwsConnection.Resolve(options);
        using var connection = AwsConnection.Open(target, new RetrySettings { MaxRetries = 0, AttemptTimeout = timeLimit }, null, null);
        var arns = await Pages.CollectAsync(connection.Ecs.ListClustersAsync, cancellationToken).ConfigureAwait(false);
        return arns.Select(Rules.ArnParts.ClusterName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Opens a run that only writes targets it is given (Export-EcsFileSd with pipeline input): no AWS.</summary>
    public static DiscoveryHost Offline(DiscoverySettings settings, string version)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        return new DiscoveryHost(settings, version, null, loop: false);
    }

    /// <summary>Discovers without writing files (Get-EcsPrometheusTarget), with the cache file when one is set.</summary>
    /// <exception cref="AwsApiException">The clusters of a run of one scope could not be listed.</exception>
    public async Task<DiscoveryResult> DiscoverAsync(IRoundLog log, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            throw new ArgumentNullException(nameof(log));
        }

        var fleet = _fleet ?? throw new InvalidOperationException("This run has no AWS connection.");
        var sessions = fleet.Sessions;
        var cacheFile = Settings.CachePath is null ? null : new CacheFile(Settings.CachePath);
        cacheFile?.LoadOnceInto(sessions, log.Verbose, log.Warning);
        var result = await fleet.DiscoverAsync(log, cancellationToken).ConfigureAwait(false);
        if (cacheFile is not null && log.MayWrite(cacheFile.Path, "Save the discovery caches"))
        {
            cacheFile.SaveOrWarn(sessions, log.Warning);
        }

        foreach (var failure in result.Failures)
        {
            log.ClusterFailed(failure, FailureMessages.Describe(failure));
        }

        return result;
    }

    /// <summary>One round that writes the files (Export-EcsFileSd): discovered, or from <paramref name="piped"/> targets.</summary>
    public async Task<RoundReport> ExportAsync(PipedTargets? piped, bool force, IRoundLog log, CancellationToken cancellationToken)
    {
        var round = NewRound();
        round.Force = force;
        return piped is null
            ? await round.RunAsync(1, null, log, cancellationToken).ConfigureAwait(false)
            : round.Run(piped, log);
    }

    /// <summary>The loop (Start-EcsDiscoveryLoop).</summary>
    public DiscoveryLoop Loop(int maxRounds) => new(NewRound(), Settings.Interval) { MaxRounds = maxRounds, MemoryTrim = new IdleMemoryTrim() };

    /// <summary>
    /// Serves the metrics and the targets of the loop's rounds on the configured address and port, or returns null
    /// when the server is off.
    /// </summary>
    /// <exception cref="ServerStartException">
    /// The address or port cannot be listened on, or a secret or certificate file (<c>SERVER_*</c>) cannot be read.
    /// </exception>
    public DiscoveryServer? StartMetricsEndpoint() =>
        Settings.Metrics.StartServer && Metrics is not null
            ? DiscoveryServer.Start(Metrics, Settings.Metrics.Address, Settings.Metrics.Port, Settings.Metrics.ReadyMaxAgeFor(Settings.Interval), Targets, ServerAccess.Load(Settings.Metrics.Access))
            : null;

    /// <inheritdoc />
    public void Dispose()
    {
        _events?.Dispose();
        foreach (var run in _runs)
        {
            run.Dispose();
        }
    }

    private DiscoveryRound NewRound()
    {
        var recorder = Metrics is null ? null : new MetricsRoundRecorder(Metrics, Settings.Metrics.File);
        var region = Session?.Region ?? Settings.Connection.Region ?? "";
        return new DiscoveryRound(_fleet, new RoundOptions(Settings, region, oneOff: !_loop), recorder) { Publisher = _loop ? Targets : null, Events = _events };
    }

    // What the loop's rounds wrote last, for the server's /targets; made on first use by either side.
    private TargetSnapshots Targets => _targets ??= new TargetSnapshots(Settings.OutputFiles);
}
