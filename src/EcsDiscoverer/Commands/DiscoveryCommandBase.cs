using System;
using System.Linq;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Completion;
using EcsDiscoverer.Engine;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// The AWS and run parameters shared by the cmdlets that run discovery, and their way into the engine: parameters
/// become <see cref="DiscoverySettings"/> through the settings table, and everything else goes through one
/// <see cref="DiscoveryHost"/>.
/// </summary>
public abstract class DiscoveryCommandBase : PSCmdlet, IDisposable
{
    private PipelineMessagePump? _pump;

    /// <summary>The AWS region, or several: each account is discovered in each of them (REGIONS).</summary>
    [Parameter]
    [Alias("RegionToCall", "Regions")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Region { get; set; }

    /// <summary>Roles to assume, one account each, with the run's credentials (ROLE_ARNS).</summary>
    [Parameter]
    [Alias("RoleArns")]
    [ValidateNotNullOrEmpty]
    public string[]? RoleArn { get; set; }

    /// <summary>The external id the roles' trust policies ask for (EXTERNAL_ID).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExternalId { get; set; }

    /// <summary>The session name of the assumed roles, shown in CloudTrail (ROLE_SESSION_NAME). Default EcsDiscoverer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RoleSessionName { get; set; }

    /// <summary>
    /// Scopes, the full form (SCOPES): one hashtable per account, with ProfileName or RoleArn (and ExternalId,
    /// RoleSessionName), Regions, Clusters, RequestsPerSecond, Burst and Name, all optional.
    /// </summary>
    [Parameter]
    [Alias("Scopes")]
    [ValidateNotNullOrEmpty]
    public System.Collections.Hashtable[]? Scope { get; set; }

    /// <summary>A named profile; it must exist.</summary>
    [Parameter]
    [Alias("StoredCredentials", "AWSProfileName")]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>The shared credentials file to read profiles from.</summary>
    [Parameter]
    [Alias("ProfilesLocation", "AWSProfilesLocation")]
    [ValidateNotNullOrEmpty]
    public string? ProfileLocation { get; set; }

    /// <summary>An access key id.</summary>
    [Parameter]
    [Alias("AK")]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>A secret access key.</summary>
    [Parameter]
    [Alias("SK", "SecretAccessKey")]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    /// <summary>A session token.</summary>
    [Parameter]
    [Alias("ST")]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>
    /// An AWS credentials object, such as AWS.Tools' Get-AWSCredential or New-AWSCredential return (anything with a
    /// GetCredentials() method whose result has AccessKey, SecretKey and Token). Read by its members, not its type.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? Credential { get; set; }

    /// <summary>One URL serving both ECS and EC2 (a local emulator).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EndpointUrl { get; set; }

    /// <summary>A file that keeps the caches between processes (cron, scheduled tasks).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CachePath { get; set; }

    /// <summary>Sustained API calls per second per service (API_REQUESTS_PER_SECOND). Default 10.</summary>
    [Parameter]
    [ValidateRange(0.1, 1000.0)]
    public double RequestsPerSecond { get; set; }

    /// <summary>API calls that may go at once (API_BURST). Default 20.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Burst { get; set; }

    /// <summary>
    /// The marking conventions to look for (CONVENTIONS, rule R13): prometheus, promed, teralytics, cloudwatch,
    /// prometheus.io, or all. Default: prometheus and promed (PROMETHEUS, and PROMETHEUS_TARGET=true, in the environment).
    /// </summary>
    [Parameter]
    [ValidateSet("prometheus", "promed", "teralytics", "cloudwatch", "prometheus.io", "all", IgnoreCase = true)]
    public string[]? Convention { get; set; }

    /// <summary>
    /// seed (the default): the visible labels the Python tools wrote; meta: only __meta_ecs_* labels, __metrics_path__,
    /// __scheme__ and custom labels, as Prometheus's own discovery gives them (LABEL_STYLE, rule R14).
    /// </summary>
    [Parameter]
    [ValidateSet("seed", "meta", IgnoreCase = true)]
    public string? LabelStyle { get; set; }

    /// <summary>Every group also carries the visible labels account_id and region (SCOPE_LABELS, rule R17).</summary>
    [Parameter]
    public SwitchParameter ScopeLabels { get; set; }

    /// <inheritdoc />
    protected override void StopProcessing() => _pump?.Stop();

    /// <inheritdoc />
    public void Dispose()
    {
        _pump?.Dispose();
        _pump = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>The settings of a one-off run: its bound parameters over the defaults.</summary>
    private protected DiscoverySettings ResolveParameterSettings() =>
        Resolved(() => SettingsResolver.ResolveParameters(BoundSettings()), listAsVerbose: false);

    /// <summary>
    /// Turns a resolution into settings, writing its warnings and the effective values (verbose for the loop, whose
    /// configuration comes from several sources; debug for one-off runs); a bad value is a terminating error.
    /// </summary>
    private protected DiscoverySettings Resolved(Func<ResolvedSettings> resolve, bool listAsVerbose)
    {
        ResolvedSettings resolved;
        try
        {
            resolved = resolve();
        }
        catch (SettingsException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "EcsInvalidSetting", ErrorCategory.InvalidArgument, null));
            throw; // not reached: ThrowTerminatingError always throws
        }

        foreach (var warning in resolved.Warnings)
        {
            WriteWarning(warning);
        }

        foreach (var line in resolved.Describe())
        {
            if (listAsVerbose)
            {
                WriteVerbose(line);
            }
            else
            {
                WriteDebug(line);
            }
        }

        var settings = resolved.Settings;
        SettingsResolver.ResolvePaths(settings, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        settings.Connection.ProfileLocation = ProfileLocation is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation);
        settings.Connection.AccessKey = AccessKey;
        settings.Connection.SecretKey = SecretKey;
        settings.Connection.SessionToken = SessionToken;
        ApplySessionDefaults(settings.Connection);
        return settings;
    }

    /// <summary>
    /// -Credential, and AWS.Tools' session defaults $StoredAWSCredentials and $StoredAWSRegion, in AWS.Tools' order
    /// (see <see cref="SessionDefaults"/>); a -Credential that is no credentials object is a terminating error.
    /// </summary>
    private void ApplySessionDefaults(AwsConnectionOptions connection)
    {
        string? note;
        try
        {
            note = SessionDefaults.ApplyCredentials(connection, Credential, SessionState.PSVariable.GetValue(SessionDefaults.CredentialsVariable));
            if (connection.CredentialCallback is { } read)
            {
                // Read once here, on the pipeline thread, so that an object that cannot give keys fails now, clearly.
                _ = read();
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Reflection.TargetInvocationException)
        {
            var error = ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The credentials object could not be read: {error.Message}", ex),
                "AwsInvalidCredentialObject",
                ErrorCategory.InvalidArgument,
                null));
            throw; // not reached: ThrowTerminatingError always throws
        }

        if (note is not null)
        {
            WriteWarning(note);
        }

        if (string.IsNullOrWhiteSpace(connection.Region))
        {
            connection.StoredRegion = SessionDefaults.RegionName(SessionState.PSVariable.GetValue(SessionDefaults.RegionVariable));
        }
    }

    /// <summary>
    /// The bound parameters that are settings, keyed by setting key: derived from the settings table's parameter
    /// names, so a parameter and its setting cannot drift apart.
    /// </summary>
    private protected Dictionary<string, object?> BoundSettings()
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in SettingDefinitions.All)
        {
            if (definition.ParameterName is null || !MyInvocation.BoundParameters.TryGetValue(definition.ParameterName, out var value))
            {
                continue;
            }

            values[definition.Key] = value switch
            {
                SwitchParameter flag => flag.IsPresent != definition.InvertedSwitch,
                System.Collections.Hashtable[] scopes => scopes.Select(PlainHashtable).ToArray(),
                _ => value,
            };
        }

        return values;
    }

    // A -Scope hashtable as a settings file gives it: the values without PowerShell's wrappers, arrays as object[].
    private static System.Collections.Hashtable PlainHashtable(System.Collections.Hashtable table)
    {
        var plain = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in table)
        {
            plain[entry.Key] = Plain(entry.Value);
        }

        return plain;
    }

    private static object? Plain(object? value) => value switch
    {
        PSObject wrapped => Plain(wrapped.BaseObject),
        string text => text,
        System.Collections.IEnumerable items and not System.Collections.IDictionary => items.Cast<object?>().Select(Plain).ToArray(),
        _ => value,
    };

    /// <summary>Opens the run's door into the engine; a configuration that cannot reach AWS is a terminating error.</summary>
    private protected DiscoveryHost Connect(DiscoverySettings settings, bool loop)
    {
        try
        {
            var host = DiscoveryHost.Connect(settings, ModuleVersion(), loop);
            var scopes = host.DescribeScopes();
            if (scopes.Count == 1)
            {
                var target = host.Target!;
                WriteVerbose($"Credentials from {target.CredentialSource}; region {target.Region} from {target.RegionSource}");
                WriteDebug($"Region {target.Region} from {target.RegionSource}; credentials from {target.CredentialSource}; ECS endpoint {target.EcsEndpoint}");
            }
            else
            {
                WriteVerbose($"{scopes.Count} account-region scopes:");
                foreach (var scope in scopes)
                {
                    WriteVerbose("  " + scope);
                }
            }

            return host;
        }
        catch (SettingsException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "EcsInvalidScope", ErrorCategory.InvalidArgument, null));
            throw; // not reached: ThrowTerminatingError always throws
        }
        catch (AwsConfigurationException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromConfiguration(ex));
            throw; // not reached: ThrowTerminatingError always throws
        }
        catch (ArgumentException ex)
        {
            // RegionEndpoint rejects malformed region names.
            ThrowTerminatingError(new ErrorRecord(ex, "AwsInvalidRegion", ErrorCategory.InvalidArgument, settings.Connection.Region));
            throw;
        }
    }

    /// <summary>
    /// Runs engine work on the thread pool, writing its messages here, until it ends or the pipeline stops.
    /// <paramref name="oneOff"/>: failed clusters are errors and each write asks ShouldProcess; the loop warns and writes.
    /// </summary>
    private protected T RunEngine<T>(string activity, bool oneOff, Func<PipelineMessagePump, CancellationToken, Task<T>> work)
    {
        _pump = new PipelineMessagePump(this, activity, oneOff);
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

    /// <summary>The terminating error for a run in which every cluster of the selection failed.</summary>
    private protected static ErrorRecord DiscoveryFailedError(IReadOnlyList<string> clusters) => ErrorRecords.WithAction(
        "Discovery failed for every cluster of the selection, so nothing was returned or written; existing files keep their last good targets.",
        "Fix the errors above (credentials, permissions, cluster names, the region, the endpoint) and run again.",
        "EcsDiscoveryFailed",
        ErrorCategory.OperationStopped,
        string.Join(",", clusters));

    /// <summary>The module version, for the build-info metric.</summary>
    private protected string ModuleVersion() =>
        MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(DiscoveryCommandBase).Assembly.GetName().Version?.ToString() ?? "unknown";
}
