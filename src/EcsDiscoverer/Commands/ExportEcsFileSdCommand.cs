using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Writes Prometheus file_sd files for ECS targets, atomically.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "EcsFileSd", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportEcsFileSdCommand : DiscoveryCommandBase
{
    private static readonly string[] DiscoveryParameterNames =
    {
        nameof(Cluster), nameof(Region), nameof(ProfileName), nameof(ProfileLocation), nameof(AccessKey), nameof(SecretKey), nameof(SessionToken), nameof(EndpointUrl), nameof(CachePath), nameof(MetricsFile),
    };

    private readonly List<FileSdGroup> _groups = new();
    private DiscoveryMetrics? _metrics;
    private DiscoverySession? _session;
    private RoundMeter? _meter;
    private DiscoveryResult? _result;

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
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Cluster { get; set; } = Array.Empty<string>();

    /// <summary>A file the self-metrics of this run are written to (node_exporter's textfile collector).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MetricsFile { get; set; }

    /// <summary>Return a FileInfo for each of the five files.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override IReadOnlyList<string> ClusterPatterns => Cluster;

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
        var directory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var fromInput = MyInvocation.ExpectingInput || MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
        if (fromInput)
        {
            WarnAboutIgnoredDiscoveryParameters();
        }

        var groups = fromInput ? _groups : DiscoverGroups(directory);
        var files = FileSdRenderer.Render(groups);

        if (!EnsureDirectory(directory))
        {
            return;
        }

        WriteFiles(directory, files);
        RecordMetrics(RoundResultOf(_result), files);
        ReportPartialFailure(directory);
    }

    /// <summary>
    /// Ends a run in which some clusters failed with one error that says what the files now hold, after the
    /// per-cluster errors: in a cron job (<c>pwsh -Command</c>) it is the last thing logged and makes the exit code 1.
    /// </summary>
    private void ReportPartialFailure(string directory)
    {
        if (_result is not { Failures.Count: > 0 } result)
        {
            return;
        }

        var failed = string.Join(", ", result.Failures.Select(f => ArnParts.ClusterName(f.Cluster)));
        var message = $"Discovery failed for {result.Failures.Count} of {result.Failures.Count + result.DiscoveredClusters.Count} cluster(s) ({failed}). " +
            $"The files in {directory} were updated for the others and keep the last good targets of the failed ones.";
        WriteError(ErrorRecords.WithAction(
            message,
            "Fix the per-cluster errors above (permissions, cluster names, throttling); the next run updates the failed clusters' targets.",
            "EcsDiscoveryPartiallyFailed",
            ErrorCategory.OperationStopped,
            failed));
    }

    private static RoundResult RoundResultOf(DiscoveryResult? result) =>
        result is null || result.Failures.Count == 0 ? RoundResult.Success : RoundResult.Partial;

    private void WriteFiles(string directory, IReadOnlyList<FileSdFile> files)
    {
        foreach (var file in files)
        {
            var path = System.IO.Path.Combine(directory, file.FileName);
            if (!ShouldProcess(path, $"Write {file.GroupCount} target group(s)"))
            {
                continue;
            }

            try
            {
                var outcome = AtomicFileWriter.Write(path, file.Content);
                WriteVerbose(outcome == WriteOutcome.Written
                    ? $"Wrote {file.GroupCount} target group(s) to {path}"
                    : $"{path} is unchanged ({file.GroupCount} target group(s))");
            }
            catch (Exception ex) when (ErrorRecords.IsFileSystemError(ex))
            {
                RecordMetrics(RoundResult.Failed, null);
                ThrowTerminatingError(ErrorRecords.WriteFailed(ex, path, directory));
            }

            if (PassThru)
            {
                WriteObject(new FileInfo(path));
            }
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

    private List<FileSdGroup> DiscoverGroups(string directory)
    {
        if (MetricsFile is not null)
        {
            _metrics = new DiscoveryMetrics(
                MyInvocation.MyCommand.Module?.Version?.ToString() ?? "unknown",
                () => _session?.Caches.Statistics() ?? Array.Empty<CacheStatistic>());
        }

        // The metrics read the cache statistics only when written, after discovery has set the session.
        var result = Discover(_metrics, out var session, out var meter);
        _session = session;
        _result = result;
        _meter = meter;
        if (result.FailedEntirely)
        {
            RecordMetrics(RoundResult.Failed, null);
            ThrowTerminatingError(DiscoveryFailedError());
        }

        WriteSkippedAsVerbose(result.Skipped);
        // R10: a failed cluster keeps its last good targets rather than vanishing from Prometheus.
        return new LastGoodTargets(new LabelNames()).Compose(result, directory, WriteWarning);
    }

    /// <summary>Writes -MetricsFile for a run that did its own discovery; a failure to write it is a warning.</summary>
    private void RecordMetrics(RoundResult outcome, IReadOnlyList<FileSdFile>? files)
    {
        if (_metrics is null || _meter is null || MetricsFile is null || !ShouldProcess(MetricsFile, "Write the self-metrics"))
        {
            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(MetricsFile);
        try
        {
            new MetricsRoundRecorder(_metrics, path).Record(_meter.Report(1, outcome, _result, files));
            WriteVerbose($"Wrote the self-metrics to {path}");
        }
        catch (Exception ex) when (ErrorRecords.IsFileSystemError(ex))
        {
            WriteWarning($"The metrics file {path} could not be written: {OutputFaultAdvice.DescribeFile(ex, path)}");
        }
    }

    private bool EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return true;
        }

        if (!ShouldProcess(directory, "Create directory"))
        {
            return false;
        }

        try
        {
            Directory.CreateDirectory(directory);
            return true;
        }
        catch (Exception ex) when (ErrorRecords.IsFileSystemError(ex))
        {
            ThrowTerminatingError(ErrorRecords.WriteFailed(ex, directory, directory));
            return false;
        }
    }
}
