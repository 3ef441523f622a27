using System;
using System.Collections.Generic;
using System.Management.Automation;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Discovers ECS targets and writes file_sd files every interval, until stopped.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "EcsDiscoveryLoop")]
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
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Cluster { get; set; } = Array.Empty<string>();

    /// <summary>Start-to-start period (INTERVAL): seconds or a duration such as 15s or 1m. Default 15 s.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Interval { get; set; }

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

    /// <summary>Do not pace the first, cold round (WARMUP_THROTTLE=false).</summary>
    [Parameter]
    public SwitchParameter NoWarmupThrottle { get; set; }

    /// <summary>Seconds between calls of the cold round (THROTTLE_INTERVAL_SECONDS). Default 0.1.</summary>
    [Parameter]
    [ValidateRange(0.0, 60.0)]
    public double ThrottleInterval { get; set; }

    /// <summary>Sustained API calls per second per service (API_REQUESTS_PER_SECOND). Default 10.</summary>
    [Parameter]
    [ValidateRange(0.1, 1000.0)]
    public double RequestsPerSecond { get; set; }

    /// <summary>API calls that may go at once (API_BURST). Default 20.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Burst { get; set; }

    /// <summary>Retries of a throttled or failed call (MAX_RETRY_ATTEMPTS). Default 5.</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetryAttempts { get; set; }

    /// <summary>Stop after this many rounds. Default: run until stopped.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxRounds { get; set; }

    /// <inheritdoc />
    protected override IReadOnlyList<string> ClusterPatterns => Cluster;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var settings = ResolveSettings();
        var target = ResolveConnection(ConnectionOptions(settings.Region, settings.ProfileName, settings.EndpointUrl));
        var session = SessionRegistry.For(target.EcsEndpoint, target.Region);
        var ownThrottle = session.Throttle.RequestsPerSecond == settings.RequestsPerSecond && session.Throttle.Burst == settings.Burst
            ? null
            : new ApiThrottle(new ThrottleSettings { RequestsPerSecond = settings.RequestsPerSecond, Burst = settings.Burst });
        var throttle = ownThrottle ?? session.Throttle;
        try
        {
            var metrics = new DiscoveryMetrics(ModuleVersion(), () => session.Caches.Statistics());
            using var endpoint = StartMetricsEndpoint(settings, metrics);
            using var connection = Engine.Aws.Connection.AwsConnection.Open(
                target,
                new RetrySettings { MaxRetries = settings.MaxRetryAttempts },
                new CompositeAwsCallObserver(session.Calls, metrics),
                throttle);
            var engine = new EcsDiscoveryEngine(
                connection.Ecs,
                connection.Ec2,
                session.Caches,
                new DiscoveryOptions { Rules = settings.Rules, WarmupThrottle = settings.WarmupThrottle, WarmupInterval = settings.ThrottleInterval },
                throttle);
            var loop = new DiscoveryLoop(engine, session, settings, new MetricsRoundRecorder(metrics, settings.MetricsFile)) { MaxRounds = MaxRounds };
            WriteVerbose($"Discovering every {settings.Interval.TotalSeconds:0.###} s into {settings.OutputDirectory}; press Ctrl+C to stop.");
            RunLoop(loop);
        }
        finally
        {
            ownThrottle?.Dispose();
        }
    }

    private void RunLoop(DiscoveryLoop loop)
    {
        using var signal = TerminationSignal.Register(() =>
        {
            _terminated = true;
            StopProcessing();
        });
        try
        {
            RunEngine("Discovering ECS targets (first round)", async (log, token) =>
            {
                await loop.RunAsync(log, token).ConfigureAwait(false);
                return true;
            });
        }
        catch (PipelineStoppedException) when (_terminated)
        {
            // SIGTERM is how containers are stopped: a normal end, not an error.
            WriteVerbose("Stopped by SIGTERM; the files hold the last round's targets.");
        }
    }

    private LoopSettings ResolveSettings()
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

        ResolvedSettings resolved;
        try
        {
            resolved = SettingsResolver.Resolve(BoundSettings(), file, SettingsResolver.ReadEnvironment());
        }
        catch (SettingsException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "EcsInvalidSetting", ErrorCategory.InvalidArgument, null));
            throw; // not reached
        }

        foreach (var warning in resolved.Warnings)
        {
            WriteWarning(warning);
        }

        foreach (var line in resolved.Describe())
        {
            WriteVerbose(line);
        }

        var settings = resolved.Settings;
        settings.OutputDirectory = ResolvePath(settings.OutputDirectory);
        settings.CachePath = ResolvePath(settings.CachePath);
        settings.MetricsFile = ResolvePath(settings.MetricsFile);
        return settings;
    }

    private Dictionary<string, object?> BoundSettings()
    {
        var bound = MyInvocation.BoundParameters;
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        void Map(string parameter, string key, object? value)
        {
            if (bound.ContainsKey(parameter))
            {
                values[key] = value;
            }
        }

        Map(nameof(Path), "OUTPUT_DIRECTORY", Path);
        Map(nameof(Cluster), "CLUSTERS", Cluster);
        Map(nameof(Interval), "INTERVAL", Interval);
        Map(nameof(Region), "REGION", Region);
        Map(nameof(ProfileName), "PROFILE_NAME", ProfileName);
        Map(nameof(EndpointUrl), "ENDPOINT_URL", EndpointUrl);
        Map(nameof(CachePath), "CACHE_PATH", CachePath);
        Map(nameof(MetricsFile), "METRICS_FILE", MetricsFile);
        Map(nameof(MetricsPort), "PROMETHEUS_SERVER_PORT", MetricsPort);
        Map(nameof(MetricsAddress), "PROMETHEUS_SERVER_ADDRESS", MetricsAddress);
        Map(nameof(ThrottleInterval), "THROTTLE_INTERVAL_SECONDS", ThrottleInterval);
        Map(nameof(RequestsPerSecond), "API_REQUESTS_PER_SECOND", RequestsPerSecond);
        Map(nameof(Burst), "API_BURST", Burst);
        Map(nameof(MaxRetryAttempts), "MAX_RETRY_ATTEMPTS", MaxRetryAttempts);
        if (NoMetricsServer.IsPresent)
        {
            values["PROMETHEUS_START_HTTP_SERVER"] = !NoMetricsServer.ToBool();
        }

        if (NoWarmupThrottle.IsPresent)
        {
            values["WARMUP_THROTTLE"] = !NoWarmupThrottle.ToBool();
        }

        return values;
    }

    private string? ResolvePath(string? path) =>
        string.IsNullOrEmpty(path) ? path : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    private MetricsEndpoint? StartMetricsEndpoint(LoopSettings settings, DiscoveryMetrics metrics)
    {
        if (!settings.StartMetricsServer)
        {
            return null;
        }

        try
        {
            var endpoint = MetricsEndpoint.Start(metrics, settings.MetricsAddress, settings.MetricsPort);
            WriteVerbose($"Serving the self-metrics at {endpoint.Url}");
            return endpoint;
        }
        catch (MetricsEndpointException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "MetricsEndpointFailed", ErrorCategory.ResourceUnavailable, $"{settings.MetricsAddress}:{settings.MetricsPort}"));
            return null;
        }
    }

    private string ModuleVersion() => MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(StartEcsDiscoveryLoopCommand).Assembly.GetName().Version?.ToString() ?? "unknown";
}
