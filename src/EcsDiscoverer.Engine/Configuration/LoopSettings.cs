using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// Everything Start-EcsDiscoveryLoop runs with, after parameters, the settings file, the environment and the
/// defaults have been merged (in that order of precedence). The defaults are the seed's where it has the setting;
/// those the engine also uses on its own (throttle, retries, warm-up spacing) are read from the engine's settings.
/// </summary>
public sealed class LoopSettings
{
    /// <summary><c>INTERVAL</c>: the start-to-start period of rounds. Default 15 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>OUTPUT_DIRECTORY</c>: where the five file_sd files go. No default: it must be given.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary><c>CLUSTERS</c>: names, ARNs or wildcards; empty means every cluster of the region.</summary>
    public IReadOnlyList<string> Clusters { get; set; } = Array.Empty<string>();

    /// <summary><c>REGION</c>.</summary>
    public string? Region { get; set; }

    /// <summary><c>PROFILE_NAME</c>.</summary>
    public string? ProfileName { get; set; }

    /// <summary><c>ENDPOINT_URL</c>: one URL serving ECS and EC2 (a local emulator).</summary>
    public string? EndpointUrl { get; set; }

    /// <summary><c>CACHE_PATH</c>: the file the caches are kept in between processes.</summary>
    public string? CachePath { get; set; }

    /// <summary><c>WARMUP_THROTTLE</c>: pace the API calls of the first, cold round. Default true.</summary>
    public bool WarmupThrottle { get; set; } = true;

    /// <summary><c>THROTTLE_INTERVAL_SECONDS</c>: the pause between calls of a warm-up round. Default 0.1 s.</summary>
    public TimeSpan ThrottleInterval { get; set; } = new DiscoveryOptions().WarmupInterval;

    /// <summary><c>API_REQUESTS_PER_SECOND</c>: the client-side token bucket's sustained rate per service. Default 10.</summary>
    public double RequestsPerSecond { get; set; } = new ThrottleSettings().RequestsPerSecond;

    /// <summary><c>API_BURST</c>: the token bucket's size. Default 20.</summary>
    public int Burst { get; set; } = new ThrottleSettings().Burst;

    /// <summary><c>MAX_RETRY_ATTEMPTS</c>: retries of a throttled or failed call. Default 5.</summary>
    public int MaxRetryAttempts { get; set; } = new RetrySettings().MaxRetries;

    /// <summary><c>PROMETHEUS_START_HTTP_SERVER</c>: serve <c>/metrics</c>. Default true.</summary>
    public bool StartMetricsServer { get; set; } = true;

    /// <summary><c>PROMETHEUS_SERVER_PORT</c>. Default 8080.</summary>
    public int MetricsPort { get; set; } = 8080;

    /// <summary><c>PROMETHEUS_SERVER_ADDRESS</c>: the address the metrics server listens on. Default 127.0.0.1 (loopback only).</summary>
    public string MetricsAddress { get; set; } = "127.0.0.1";

    /// <summary><c>METRICS_FILE</c>: a file the metrics are written to after each round (node_exporter textfile collector).</summary>
    public string? MetricsFile { get; set; }

    /// <summary>The rule settings: <c>FALLBACK_METRICS_ENDPOINT</c>, <c>CUSTOM_LABEL_PREFIX</c>, <c>LABELNAME_*</c>.</summary>
    public RuleSettings Rules { get; set; } = new();
}
