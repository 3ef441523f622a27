using System;
using System.Management.Automation;
using EcsDiscoverer.Completion;
using EcsDiscoverer.Engine;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Serving;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Discovers ECS targets and writes file_sd files every interval, until stopped.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "EcsDiscoveryLoop", HelpUri = ProjectLinks.Help + "Start-EcsDiscoveryLoop.md")]
public sealed class StartEcsDiscoveryLoopCommand : DiscoveryCommandBase
{
    private volatile bool _terminated;

    /// <summary>The directory the five files are written to (OUTPUT_DIRECTORY).</summary>
    [Parameter(Position = 0)]
    [Alias("OutputDirectory")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Cluster names, ARNs or wildcards (CLUSTERS). Default: every cluster.</summary>
    [Parameter]
    [Alias("Clusters")]
    [ArgumentCompleter(typeof(ClusterCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Cluster { get; set; } = Array.Empty<string>();

    /// <summary>Start-to-start period (INTERVAL): seconds or a duration such as 15s or 1m. Default 15 s.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IntervalCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Interval { get; set; }

    /// <summary>
    /// The SQS queue that receives the ECS task state change events (EVENT_QUEUE_URL): targets follow the events within
    /// about a second, and the clusters are listed only every -ReconcileInterval.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EventQueueUrl { get; set; }

    /// <summary>With an event queue, how often the clusters are listed all the same (RECONCILE_INTERVAL). Default 5m.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IntervalCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ReconcileInterval { get; set; }

    /// <summary>With an event queue, read task tags too: each started task is described once for them (EVENT_TASK_TAGS).</summary>
    [Parameter]
    public SwitchParameter EventTaskTags { get; set; }

    /// <summary>A settings file (.psd1) with the seed's keys.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigurationPath { get; set; }

    /// <summary>A file the metrics are written to after each round (METRICS_FILE).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MetricsFile { get; set; }

    /// <summary>The metrics server's port (PROMETHEUS_SERVER_PORT). Default 8080.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>The metrics server's address (PROMETHEUS_SERVER_ADDRESS). Default 127.0.0.1.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MetricsAddress { get; set; }

    /// <summary>Do not serve /metrics (PROMETHEUS_START_HTTP_SERVER=false).</summary>
    [Parameter]
    public SwitchParameter NoMetricsServer { get; set; }

    /// <summary>A file holding the bearer token clients of /targets and /metrics must send (SERVER_BEARER_TOKEN_FILE).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BearerTokenFile { get; set; }

    /// <summary>The basic-authentication user clients of /targets and /metrics must send (SERVER_BASIC_AUTH_USERNAME).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BasicAuthUserName { get; set; }

    /// <summary>A file holding the basic-authentication password (SERVER_BASIC_AUTH_PASSWORD_FILE).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BasicAuthPasswordFile { get; set; }

    /// <summary>The server's TLS certificate, PEM (SERVER_TLS_CERT_FILE); serves HTTPS with -TlsKeyFile.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TlsCertificateFile { get; set; }

    /// <summary>The TLS certificate's private key, PEM (SERVER_TLS_KEY_FILE).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TlsKeyFile { get; set; }

    /// <summary>Do not pace the first, cold round (WARMUP_THROTTLE=false).</summary>
    [Parameter]
    public SwitchParameter NoWarmupThrottle { get; set; }

    /// <summary>Seconds between calls of the cold round (THROTTLE_INTERVAL_SECONDS). Default 0.1.</summary>
    [Parameter]
    [ValidateRange(0.0, 60.0)]
    public double ThrottleInterval { get; set; }

    /// <summary>Retries of a throttled or failed call (MAX_RETRY_ATTEMPTS). Default 5.</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetryAttempts { get; set; }

    /// <summary>Stop after this many rounds. Default: run until stopped.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxRounds { get; set; }

    /// <summary>The churn guard (MAX_TARGET_DROP): hold a round that would remove more than this fraction of a cluster's targets at once.</summary>
    [Parameter]
    [ValidateRange(0.001, 0.999)]
    public double MaxTargetDrop { get; set; }

    /// <summary>Consecutive rounds a held drop must be seen in before it is applied (TARGET_DROP_ROUNDS). Default 3.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int TargetDropRounds { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var settings = Resolved(ResolveSettings, listAsVerbose: true);
        using var host = Connect(settings, loop: true);
        using var endpoint = StartMetricsEndpoint(host);
        var loop = host.Loop(MaxRounds);
        WriteVerbose($"Discovering every {settings.Interval.TotalSeconds:0.###} s into {settings.OutputDirectory}; press Ctrl+C to stop.");
        var summary = RunLoop(loop);
        if (summary is { AllFailed: true })
        {
            // A bounded run (a test, a runbook) that never wrote anything must not look like a success.
            WriteError(ErrorRecords.WithAction(
                $"All {summary.Rounds} round(s) failed, so nothing was written; the files in {settings.OutputDirectory} keep what they had.",
                "Fix the warnings above (credentials, permissions, cluster names, the output directory) and run again.",
                "EcsDiscoveryLoopFailed",
                ErrorCategory.OperationStopped,
                settings.OutputDirectory));
        }
    }

    private LoopSummary? RunLoop(DiscoveryLoop loop)
    {
        using var signal = TerminationSignal.Register(() =>
        {
            _terminated = true;
            StopProcessing();
        });
        try
        {
            return RunEngine("Discovering ECS targets (first round)", oneOff: false, (log, token) => loop.RunAsync(log, token));
        }
        catch (PipelineStoppedException) when (_terminated)
        {
            // SIGTERM is how containers are stopped: a normal end, not an error.
            WriteVerbose("Stopped by SIGTERM; the files hold the last round's targets.");
            return null;
        }
    }

    private ResolvedSettings ResolveSettings()
    {
        SettingsFile? file = null;
        if (ConfigurationPath is not null)
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigurationPath);
            try
            {
                file = new SettingsFile(path, PowerShellDataFile.Read(path));
            }
            catch (SettingsException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "EcsInvalidConfigurationFile", ErrorCategory.InvalidData, path));
            }
        }

        return SettingsResolver.Resolve(BoundSettings(), file, SettingsResolver.ReadEnvironment());
    }

    private DiscoveryServer? StartMetricsEndpoint(DiscoveryHost host)
    {
        try
        {
            var endpoint = host.StartMetricsEndpoint();
            if (endpoint is not null)
            {
                WriteVerbose($"Serving the self-metrics at {endpoint.Url} and the targets (http_sd) at {endpoint.TargetsUrl}");
            }

            return endpoint;
        }
        catch (ServerStartException ex)
        {
            var metrics = host.Settings.Metrics;
            ThrowTerminatingError(new ErrorRecord(ex, "MetricsEndpointFailed", ErrorCategory.ResourceUnavailable, $"{metrics.Address}:{metrics.Port}"));
            return null;
        }
    }
}
