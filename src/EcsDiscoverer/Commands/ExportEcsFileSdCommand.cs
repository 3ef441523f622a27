using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsDiscoverer.Completion;
using EcsDiscoverer.Engine;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Writes Prometheus file_sd files for ECS targets, atomically.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "EcsFileSd", SupportsShouldProcess = true, HelpUri = ProjectLinks.Help + "Export-EcsFileSd.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportEcsFileSdCommand : DiscoveryCommandBase
{
    // With pipeline input nothing is discovered, so these do nothing; the output settings still apply.
    private static readonly string[] DiscoveryParameterNames =
    {
        nameof(Cluster), nameof(Region), nameof(RoleArn), nameof(ExternalId), nameof(RoleSessionName), nameof(Scope), nameof(ProfileName), nameof(ProfileLocation), nameof(AccessKey), nameof(SecretKey), nameof(SessionToken), nameof(EndpointUrl), nameof(CachePath), nameof(RequestsPerSecond), nameof(Burst),
    };

    private readonly List<FileSdGroup> _groups = new();
    private readonly HashSet<DiscoveryOutcome> _outcomes = new();

    /// <summary>The directory the five files are written to; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("OutputDirectory")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Targets from Get-EcsPrometheusTarget. Without pipeline input the cmdlet runs discovery itself.</summary>
    [Parameter(ValueFromPipeline = true)]
    public EcsPrometheusTarget[] InputObject { get; set; } = Array.Empty<EcsPrometheusTarget>();

    /// <summary>Cluster names, ARNs or wildcards, when the cmdlet runs discovery itself. Default: every cluster.</summary>
    [Parameter]
    [Alias("Clusters")]
    [ArgumentCompleter(typeof(ClusterCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Cluster { get; set; } = Array.Empty<string>();

    /// <summary>A file the self-metrics of this run are written to (node_exporter's textfile collector).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MetricsFile { get; set; }

    /// <summary>The churn guard (MAX_TARGET_DROP): fail rather than remove more than this fraction of a cluster's targets at once.</summary>
    [Parameter]
    [ValidateRange(0.001, 0.999)]
    public double MaxTargetDrop { get; set; }

    /// <summary>Apply a drop the churn guard would hold.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return a FileInfo for each of the five files.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var target in InputObject ?? Array.Empty<EcsPrometheusTarget>())
        {
            if (target is null)
            {
                continue;
            }

            try
            {
                _groups.Add(OutputMapper.ToGroup(target));
                if (target.Outcome is not null)
                {
                    _outcomes.Add(target.Outcome);
                }
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "InvalidTargetObject", ErrorCategory.InvalidData, target));
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var fromInput = MyInvocation.ExpectingInput || MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
        var settings = ResolveParameterSettings();
        PipedTargets? piped = null;
        if (fromInput)
        {
            WarnAboutIgnoredDiscoveryParameters();
            // The objects carry their discovery's outcome. When none did (a filter let none through), the latest
            // Get-EcsPrometheusTarget of this command line tells which clusters failed.
            if (_outcomes.Count == 0 && PipelineOutcomes.Latest(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, MyInvocation.HistoryId) is { } latest)
            {
                _outcomes.Add(latest);
            }

            piped = new PipedTargets(_groups, DiscoveryOutcome.Combine(_outcomes));
        }

        using var host = fromInput ? DiscoveryHost.Offline(settings, ModuleVersion()) : Connect(settings, loop: false);
        var report = RunEngine("Exporting ECS targets", oneOff: true, (log, token) => host.ExportAsync(piped, Force, log, token));
        var directory = settings.OutputDirectory!;
        if (report.Result == RoundResult.Failed)
        {
            ThrowTerminatingError(FailureError(report, directory));
        }

        if (PassThru)
        {
            foreach (var name in report.TargetsByFile.Keys)
            {
                WriteObject(new FileInfo(System.IO.Path.Combine(directory, name)));
            }
        }

        ReportPartialFailure(report, directory);
    }

    private ErrorRecord FailureError(RoundReport report, string directory) => report.FailureKind switch
    {
        RoundFailureKind.Output => ErrorRecords.WriteFailed(report.Error!, report.FailedPath ?? directory, directory),
        _ when report.Error is AwsApiException aws && report.FailedClusters.Count == 0 => ErrorRecords.FromAws(aws, "ListClusters"),
        _ => DiscoveryFailedError(Cluster),
    };

    /// <summary>
    /// Ends a run in which some clusters failed, or had a drop held, with one error that says what the files now
    /// hold, after the per-cluster messages: in a cron job (<c>pwsh -Command</c>) it is the last thing logged and makes
    /// the exit code 1.
    /// </summary>
    private void ReportPartialFailure(RoundReport report, string directory)
    {
        if (report.FailedClusters.Count > 0)
        {
            var failed = string.Join(", ", report.FailedClusters);
            var message = $"Discovery failed for {report.FailedClusters.Count} of {report.Clusters} cluster(s) ({failed}). " +
                $"The files in {directory} were updated for the others and keep the last good targets of the failed ones.";
            WriteError(ErrorRecords.WithAction(
                message,
                "Fix the per-cluster errors above (permissions, cluster names, throttling); the next run updates the failed clusters' targets.",
                "EcsDiscoveryPartiallyFailed",
                ErrorCategory.OperationStopped,
                failed));
        }

        if (report.HeldClusters.Count > 0)
        {
            var held = string.Join(", ", report.HeldClusters);
            WriteError(ErrorRecords.WithAction(
                $"The churn guard held a large drop of targets in {report.HeldClusters.Count} cluster(s) ({held}); the files in {directory} keep their previous targets.",
                "If the drop is real (a scale-in, a deleted service), run again with -Force.",
                "EcsTargetDropHeld",
                ErrorCategory.LimitsExceeded,
                held));
        }
    }

    private void WarnAboutIgnoredDiscoveryParameters()
    {
        var ignored = DiscoveryParameterNames.Where(MyInvocation.BoundParameters.ContainsKey).ToList();
        if (ignored.Count > 0)
        {
            WriteWarning($"The targets come from the pipeline, so -{string.Join(", -", ignored)} had no effect. Give them to Get-EcsPrometheusTarget instead.");
        }
    }
}
