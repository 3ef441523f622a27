using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Scopes;
using EcsDiscoverer.Engine.Telemetry;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// Everything a run works with, after parameters, the settings file, the environment and the defaults have been
/// merged (in that order of precedence). Each part owns its defaults: the connection, throttle, retry, discovery,
/// metrics and churn-guard options are the engine's own option objects, never flattened copies of them.
/// </summary>
public sealed class DiscoverySettings
{
    /// <summary><c>INTERVAL</c>: the start-to-start period of the loop's rounds. Default 15 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>OUTPUT_DIRECTORY</c>: where the five file_sd files go. The loop requires it.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary><c>FILENAME_GENERIC</c>, <c>FILENAME_15S</c>, ...: the file_sd file of each interval. Default the seed's names.</summary>
    public OutputFileNames OutputFiles { get; set; } = OutputFileNames.Default;

    /// <summary><c>CLUSTERS</c>: names, ARNs or wildcards; empty means every cluster of the region.</summary>
    public IReadOnlyList<string> Clusters { get; set; } = Array.Empty<string>();

    /// <summary><c>CACHE_PATH</c>: the file the caches are kept in between processes.</summary>
    public string? CachePath { get; set; }

    /// <summary>How to reach AWS: <c>REGION</c>, <c>PROFILE_NAME</c>, <c>ENDPOINT_URL</c>, and the credential parameters.</summary>
    public AwsConnectionOptions Connection { get; set; } = new();

    /// <summary>The accounts and regions covered: <c>REGIONS</c>, <c>ROLE_ARNS</c>, <c>SCOPES</c>, <c>SCOPE_CONCURRENCY</c>.</summary>
    public FleetSettings Fleet { get; set; } = new();

    /// <summary>The event source of the loop (R18): EVENT_QUEUE_URL, RECONCILE_INTERVAL, EVENT_TASK_TAGS.</summary>
    public Events.EventSettings Events { get; set; } = new();

    /// <summary>The client-side token bucket: <c>API_REQUESTS_PER_SECOND</c>, <c>API_BURST</c>.</summary>
    public ThrottleSettings Throttle { get; set; } = new();

    /// <summary>Retries: <c>MAX_RETRY_ATTEMPTS</c>.</summary>
    public RetrySettings Retry { get; set; } = new();

    /// <summary>The rules and the loop's warm-up pacing: <c>WARMUP_THROTTLE</c>, <c>THROTTLE_INTERVAL_SECONDS</c>, label names.</summary>
    public DiscoveryOptions Discovery { get; set; } = new();

    /// <summary>The self-metrics: the server and the metrics file.</summary>
    public MetricsSettings Metrics { get; set; } = new();

    /// <summary>The churn guard: <c>MAX_TARGET_DROP</c>, <c>TARGET_DROP_ROUNDS</c>. Off by default.</summary>
    public ChurnGuardSettings ChurnGuard { get; set; } = new();
}
