using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.DurableFiles;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Scopes;
using EcsDiscoverer.Engine.Serving;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// One round, the single path by which targets reach the files, for the loop and for Export-EcsFileSd alike:
/// discover (or take piped targets), keep each failed cluster's last good groups (R10), hold large drops (R11),
/// render, write what changed, remember, save the cache file, report, record the metrics; in that order, once.
/// </summary>
internal sealed class DiscoveryRound
{
    private readonly FleetDiscovery? _fleet;
    private readonly IReadOnlyList<DiscoverySession> _sessions;
    private readonly RoundOptions _options;
    private readonly IRoundRecorder? _recorder;
    private readonly CacheFile? _cacheFile;
    private readonly PreviousTargets _previous;
    private readonly ChurnGuard _churnGuard;
    private bool _wroteFiles;
    private WrittenFiles? _lastWrite;
    private IReadOnlyList<FileSdFile>? _renderedFiles;
    private DateTimeOffset _cacheSaved = DateTimeOffset.MinValue;
    private static readonly TimeSpan CacheSaveSpacing = TimeSpan.FromMinutes(1);

    internal DiscoveryRound(FleetDiscovery? fleet, RoundOptions options, IRoundRecorder? recorder)
    {
        _fleet = fleet;
        _sessions = fleet?.Sessions ?? new List<DiscoverySession>();
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _recorder = recorder;
        _cacheFile = options.CachePath is null || fleet is null ? null : new CacheFile(options.CachePath);
        _previous = new PreviousTargets(options.OutputDirectory, options.LabelNames, options.FileNames);
        _churnGuard = new ChurnGuard(options.ChurnGuard);
    }

    /// <summary>A round over one engine whose clients and caches belong to <paramref name="session"/> (tests build rounds this way).</summary>
    internal DiscoveryRound(EcsDiscoveryEngine engine, DiscoverySession session, RoundOptions options, IRoundRecorder? recorder)
        : this(FleetDiscovery.Single(engine, session, options.Clusters), options, recorder)
    {
    }

    /// <summary>The directory the files are written to.</summary>
    public string OutputDirectory => _options.OutputDirectory;

    /// <summary>Where the written files go for the http_sd endpoint (the loop's server); null when nothing serves them.</summary>
    public ITargetPublisher? Publisher { get; set; }

    /// <summary>The loop's event source (R18): its messages are acknowledged once a round has written their effect.</summary>
    public Events.EventFeed? Events
    {
        get => _fleet?.Events;
        set
        {
            if (_fleet is not null)
            {
                _fleet.Events = value;
            }
        }
    }

    /// <summary>Apply drops the churn guard would hold (Export-EcsFileSd -Force).</summary>
    public bool Force { get; set; }

    /// <summary>Discovers and writes.</summary>
    /// <param name="round">The round number, from 1.</param>
    /// <param name="interval">The loop's interval, to tell whether the round overran it; null for a one-off run.</param>
    /// <param name="log">Where messages go.</param>
    /// <param name="cancellationToken">Stops discovery; a write in progress completes or leaves the old file.</param>
    public async Task<RoundReport> RunAsync(int round, TimeSpan? interval, IRoundLog log, CancellationToken cancellationToken)
    {
        if (_fleet is null)
        {
            throw new InvalidOperationException("This round has no AWS connection; give it piped targets.");
        }

        if (log is null)
        {
            throw new ArgumentNullException(nameof(log));
        }

        var meter = new RoundMeter(_sessions, DateTimeOffset.UtcNow);
        var mark = Events?.Mark();
        _cacheFile?.LoadOnceInto(_sessions, log.Verbose, log.Warning);
        DiscoveryResult result;
        try
        {
            result = await _fleet.DiscoverAsync(log, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex)
        {
            return Finish(Failed(meter, round, log, RoundFailureKind.Discovery, "the clusters could not be listed: " + AwsErrorAdvice.Describe(ex), null, ex), interval, log);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Finish(Failed(meter, round, log, RoundFailureKind.Discovery, "discovery failed unexpectedly: " + ex.Message, null, ex), interval, log);
        }

        if (!result.Changed && _lastWrite is { } last && last.StillOnDisk() && last.Targets == TargetFingerprint.Of(result.Targets))
        {
            // Change-driven: the same targets as the last round, whose files are still there as it left them.
            log.Verbose($"Nothing changed since round {last.Report.Round}; the files in {_options.OutputDirectory} are current.");
            var unchanged = meter.Report(round, RoundResult.Success, result, null);
            unchanged.TargetsByFile = last.Report.TargetsByFile;
            unchanged.OutputDirectory = last.Report.OutputDirectory;
            await AcknowledgeAsync(mark, cancellationToken).ConfigureAwait(false);
            return Finish(unchanged, interval, log);
        }

        var report = Complete(meter, round, result, result.Targets.Select(FileSdGroup.From).ToList(), log);
        _lastWrite = report.Result == RoundResult.Success && report.TargetsByFile.Count > 0 ? WrittenFiles.Capture(report, TargetFingerprint.Of(result.Targets)) : null;
        if (report.Result != RoundResult.Failed)
        {
            await AcknowledgeAsync(mark, cancellationToken).ConfigureAwait(false);
        }

        return Finish(report, interval, log);
    }

    // R18.1: the messages whose effect this round wrote are deleted now, and never before.
    private async Task AcknowledgeAsync(long[]? mark, CancellationToken cancellationToken)
    {
        if (Events is { } events && mark is not null)
        {
            await events.AcknowledgeAsync(mark, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="piped"/> targets, keeping the last good groups of the clusters their discovery could not reach.</summary>
    public RoundReport Run(PipedTargets piped, IRoundLog log)
    {
        if (piped is null)
        {
            throw new ArgumentNullException(nameof(piped));
        }

        if (log is null)
        {
            throw new ArgumentNullException(nameof(log));
        }

        var meter = new RoundMeter(Array.Empty<DiscoverySession>(), DateTimeOffset.UtcNow);
        var result = new DiscoveryResult(Array.Empty<Rules.ScrapeTarget>(), Array.Empty<Rules.SkippedContainer>(), piped.Outcome.DiscoveredClusters, piped.Outcome.Failures);
        return Finish(Complete(meter, 1, result, piped.Groups.ToList(), log, reportFailures: false), null, log);
    }

    private RoundReport Complete(RoundMeter meter, int round, DiscoveryResult result, List<FileSdGroup> fresh, IRoundLog log, bool reportFailures = true)
    {
        if (reportFailures)
        {
            foreach (var failure in result.Failures)
            {
                log.ClusterFailed(failure, FailureMessages.Describe(failure));
            }
        }

        if (result.FailedEntirely)
        {
            return Failed(meter, round, log, RoundFailureKind.Discovery, "every cluster of the selection failed; the files keep their last good targets", result, result.Failures[0].Error);
        }

        _previous.BeginRound();
        var groups = KeepLastGood(result, fresh, log);
        var held = new List<string>();
        groups = _churnGuard.Apply(groups, () => Settled(result), _previous, _options.OneOff, Force, held, log.Warning);

        var directory = _options.OutputDirectory;
        IReadOnlyList<FileSdFile> files;
        string? path = directory;
        try
        {
            files = FileSdRenderer.Render(groups, _options.FileNames, _renderedFiles);
            _renderedFiles = files;
            if (!EnsureDirectory(directory, log))
            {
                return meter.Report(round, RoundResult.Success, result, null);
            }

            foreach (var file in files)
            {
                path = Path.Combine(directory, file.FileName);
                if (!log.MayWrite(path, $"Write {file.GroupCount} target group(s)"))
                {
                    continue;
                }

                var outcome = AtomicFileWriter.Write(path, file.Content);
                log.Verbose($"{path}: {file.GroupCount} target group(s), {(outcome == WriteOutcome.Written ? "written" : "unchanged")}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var failed = Failed(
                meter,
                round,
                log,
                RoundFailureKind.Output,
                $"the files in {directory} could not be written: {WriteFaultAdvice.Describe(ex, directory)} Each file keeps its previous content; the next round tries again.",
                result,
                ex);
            failed.FailedPath = path;
            return failed;
        }

        _wroteFiles = true;
        _previous.Remember(groups);
        Publisher?.Publish(round, files);
        if (_cacheFile is not null && DueCacheSave(result) && log.MayWrite(_cacheFile.Path, "Save the discovery caches"))
        {
            _cacheFile.SaveOrWarn(_sessions, log.Warning);
            _cacheSaved = DateTimeOffset.UtcNow;
        }

        var report = meter.Report(round, result.Failures.Count == 0 && held.Count == 0 ? RoundResult.Success : RoundResult.Partial, result, files);
        report.HeldClusters = held;
        report.OutputDirectory = directory;
        return report;
    }

    // Rounds from events come every second or so while tasks change; the cache file (a restart's head start) need not
    // follow each one: once a minute, and at every listing.
    private bool DueCacheSave(DiscoveryResult result) =>
        !result.FromEvents || DateTimeOffset.UtcNow - _cacheSaved >= CacheSaveSpacing;

    // R10: a failed cluster, or the clusters a failed wildcard covers, keep their last good groups.
    private List<FileSdGroup> KeepLastGood(DiscoveryResult result, List<FileSdGroup> groups, IRoundLog log)
    {
        foreach (var failure in result.Failures)
        {
            var kept = _previous.Of(failure.Covers);
            groups.AddRange(kept);
            log.Warning($"{failure.Subject} failed this round; kept its {kept.Count} target group(s) from the last good round.");
        }

        return groups;
    }

    // The clusters this round has an answer for: those discovered, and those it had before that are no longer selected.
    private HashSet<string> Settled(DiscoveryResult result)
    {
        var settled = new HashSet<string>(result.DiscoveredClusterKeys, StringComparer.Ordinal);
        foreach (var cluster in _previous.Clusters())
        {
            if (!result.Failures.Any(f => f.Covers(cluster)))
            {
                settled.Add(cluster);
            }
        }

        return settled;
    }

    private RoundReport Finish(RoundReport report, TimeSpan? interval, IRoundLog log)
    {
        report.Overran = interval is not null && report.Duration > interval.Value;
        if (_recorder is null || (_options.MetricsFile is not null && !log.MayWrite(_options.MetricsFile, "Write the self-metrics")))
        {
            return report;
        }

        try
        {
            _recorder.Record(report);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // node_exporter then reads the previous file, whose timestamp metric shows it is stale.
            log.Warning($"The metrics file {_options.MetricsFile} could not be written after round {report.Round}: {WriteFaultAdvice.DescribeFile(ex, _options.MetricsFile!)}");
        }

        return report;
    }

    // A directory removed under a running loop (a cleanup job, a volume remounted) is created again, but said aloud.
    private bool EnsureDirectory(string directory, IRoundLog log)
    {
        if (Directory.Exists(directory))
        {
            return true;
        }

        if (!log.MayWrite(directory, "Create directory"))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        if (_wroteFiles)
        {
            log.Warning($"The output directory {directory} had disappeared; it was created again and the files are written anew. Check what removes it.");
        }
        else
        {
            log.Verbose($"Created the output directory {directory}");
        }

        return true;
    }

    private RoundReport Failed(RoundMeter meter, int round, IRoundLog log, RoundFailureKind kind, string message, DiscoveryResult? result, Exception? error)
    {
        if (!_options.OneOff)
        {
            // A one-off run ends with an error record instead; the loop goes on, so it says so here.
            log.Warning($"Round {round} failed: {message}");
        }

        var report = meter.Report(round, RoundResult.Failed, result, null);
        report.FailureMessage = message;
        report.FailureKind = kind;
        report.Error = error;
        return report;
    }
}
