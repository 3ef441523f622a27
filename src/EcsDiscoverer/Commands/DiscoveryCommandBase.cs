using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>The discovery and AWS parameters shared by the cmdlets that run discovery, and the run itself.</summary>
public abstract class DiscoveryCommandBase : PSCmdlet, IDisposable
{
    private PipelineMessagePump? _pump;

    /// <summary>The clusters to discover (names, ARNs, wildcards); each cmdlet declares its own -Cluster.</summary>
    protected abstract IReadOnlyList<string> ClusterPatterns { get; }

    /// <summary>The AWS region.</summary>
    [Parameter]
    [Alias("RegionToCall")]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>A named profile; it must exist.</summary>
    [Parameter]
    [Alias("StoredCredentials", "AWSProfileName")]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>The shared credentials file to read profiles from.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProfileLocation { get; set; }

    /// <summary>An access key id.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>A secret access key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    /// <summary>A session token.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>One URL serving both ECS and EC2 (a local emulator).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EndpointUrl { get; set; }

    /// <summary>A file that keeps the caches between processes (cron, scheduled tasks).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CachePath { get; set; }

    /// <inheritdoc />
    protected override void StopProcessing() => _pump?.Stop();

    /// <inheritdoc />
    public void Dispose()
    {
        _pump?.Dispose();
        _pump = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>The connection options of the AWS parameters, each replaceable (by the loop's settings).</summary>
    protected AwsConnectionOptions ConnectionOptions(string? region, string? profileName, string? endpointUrl) => new()
    {
        Region = region,
        ProfileName = profileName,
        ProfileLocation = ProfileLocation is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation),
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SessionToken = SessionToken,
        EndpointUrl = endpointUrl,
    };

    /// <summary>Resolves credentials and region; a configuration that cannot work is a terminating error.</summary>
    protected AwsConnectionTarget ResolveConnection(AwsConnectionOptions options)
    {
        try
        {
            var target = AwsConnection.Resolve(options);
            WriteDebug($"Region {target.Region} from {target.RegionSource}; credentials from {target.CredentialSource}; ECS endpoint {target.EcsEndpoint}");
            return target;
        }
        catch (AwsConfigurationException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromConfiguration(ex));
            throw; // not reached: ThrowTerminatingError always throws
        }
        catch (ArgumentException ex)
        {
            // RegionEndpoint rejects malformed region names.
            ThrowTerminatingError(new ErrorRecord(ex, "AwsInvalidRegion", ErrorCategory.InvalidArgument, options.Region));
            throw;
        }
    }

    /// <summary>Runs engine work on the thread pool, writing its messages here, until it ends or the pipeline stops.</summary>
    private protected T RunEngine<T>(string activity, Func<PipelineMessagePump, CancellationToken, Task<T>> work)
    {
        _pump = new PipelineMessagePump(this, activity);
        try
        {
            var pump = _pump;
            return pump.Run(token => work(pump, token));
        }
        finally
        {
            var pump = _pump;
            _pump = null;
            pump.Dispose();
        }
    }

    /// <summary>
    /// Runs one discovery round with the session's caches and throttle. Per-cluster failures are written as
    /// non-terminating errors; a configuration that cannot work at all, or a failure to list the clusters, is terminating.
    /// </summary>
    protected DiscoveryResult Discover() => Discover(null, out _, out _);

    /// <summary>
    /// As <see cref="Discover()"/>, with one more observer of the AWS calls, and giving the session and the measure of the round.
    /// </summary>
    protected DiscoveryResult Discover(IAwsCallObserver? observer, out DiscoverySession session, out RoundMeter meter)
    {
        var target = ResolveConnection(ConnectionOptions(Region, ProfileName, EndpointUrl));
        session = SessionRegistry.For(target.EcsEndpoint, target.Region);
        var cacheFile = CachePath is null ? null : new CacheFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(CachePath));
        cacheFile?.LoadOnceInto(session, WriteVerbose, WriteWarning);
        meter = new RoundMeter(session, DateTimeOffset.UtcNow);

        using var connection = AwsConnection.Open(target, new RetrySettings(), new CompositeAwsCallObserver(session.Calls, observer), session.Throttle);
        var engine = new EcsDiscoveryEngine(connection.Ecs, connection.Ec2, session.Caches, new DiscoveryOptions(), session.Throttle);
        var request = new DiscoveryRequest { Clusters = ClusterPatterns.ToList() };

        DiscoveryResult result;
        try
        {
            result = RunEngine("Discovering ECS targets", (log, token) => engine.DiscoverAsync(request, log, token));
        }
        catch (AwsApiException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromAws(ex, "ListClusters"));
            throw;
        }

        cacheFile?.SaveOrWarn(session, WriteWarning);
        foreach (var failure in result.Failures)
        {
            WriteError(failure.Error is AwsApiException aws
                ? ErrorRecords.FromAws(aws, ArnParts.ClusterName(failure.Cluster))
                : new ErrorRecord(failure.Error, "EcsClusterDiscoveryFailed", ErrorCategory.InvalidData, ArnParts.ClusterName(failure.Cluster)));
        }

        WriteVerbose($"Discovered {result.Targets.Count} target group(s) and {result.Skipped.Count} skipped container(s) in {result.DiscoveredClusters.Count} cluster(s); {result.Failures.Count} cluster(s) failed");
        return result;
    }

    /// <summary>The terminating error for a round in which every cluster failed.</summary>
    protected ErrorRecord DiscoveryFailedError() => ErrorRecords.WithAction(
        "Discovery failed for every cluster, so nothing was returned or written; existing files keep their last good targets.",
        "Fix the errors above (credentials, permissions, cluster names, the endpoint) and run again.",
        "EcsDiscoveryFailed",
        ErrorCategory.OperationStopped,
        string.Join(",", ClusterPatterns));

    /// <summary>Writes the skipped containers as verbose lines, for users who did not ask for skip records.</summary>
    protected void WriteSkippedAsVerbose(IEnumerable<SkippedContainer> skipped)
    {
        foreach (var skip in skipped)
        {
            WriteVerbose($"Skipped {skip.ClusterName}/{skip.TaskId} container '{skip.ContainerName}': {SkipReasons.Name(skip.Reason)} ({skip.Detail})");
        }
    }
}
