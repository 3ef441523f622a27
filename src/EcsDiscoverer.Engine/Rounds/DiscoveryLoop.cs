using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// Discovery and export every interval until cancelled. A round that fails is reported and the loop goes on; the
/// files only ever change by whole-file replacement, so stopping at any moment leaves them in their last good state.
/// </summary>
public sealed class DiscoveryLoop
{
    private readonly EcsDiscoveryEngine _engine;
    private readonly DiscoverySession _session;
    private readonly LoopSettings _settings;
    private readonly IRoundRecorder? _recorder;
    private readonly CacheFile? _cacheFile;
    private readonly TimeProvider _time;
    private readonly LastGoodTargets _lastGood;
    private bool _wroteFiles;

    /// <summary>Creates a loop over an engine whose clients and caches belong to <paramref name="session"/>.</summary>
    public DiscoveryLoop(EcsDiscoveryEngine engine, DiscoverySession session, LoopSettings settings, IRoundRecorder? recorder)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (string.IsNullOrEmpty(settings.OutputDirectory))
        {
            throw new ArgumentException("The loop needs an output directory.", nameof(settings));
        }

        _recorder = recorder;
        _cacheFile = string.IsNullOrEmpty(settings.CachePath) ? null : new CacheFile(settings.CachePath!);
        _time = TimeProvider.System;
        _lastGood = new LastGoodTargets(settings.Rules.LabelNames);
    }

    /// <summary>Stop after this many rounds; 0 runs until cancelled.</summary>
    public int MaxRounds { get; set; }

    /// <summary>Runs rounds until <paramref name="cancellationToken"/> is cancelled (then throws OperationCanceledException) or <see cref="MaxRounds"/> are done.</summary>
    public async Task RunAsync(ILoopLog log, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            throw new ArgumentNullException(nameof(log));
        }

        var roundLog = new RoundLog(log);
        _cacheFile?.LoadOnceInto(_session, log.Verbose, log.Warning);

        for (var round = 1; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            roundLog.BeginRound();
            roundLog.ShowProgress = round == 1;
            var start = _time.GetUtcNow();
            var report = await RunRoundAsync(round, start, roundLog, cancellationToken).ConfigureAwait(false);

            var (nextStart, overran) = RoundSchedule.Next(start, _settings.Interval, _time.GetUtcNow());
            report.Overran = overran;
            Record(report, log);
            log.RoundCompleted(report);
            if (overran)
            {
                log.Warning(report.WarmUp
                    ? $"Round {round} took {report.Duration.TotalSeconds:0.0} s, longer than the interval of {_settings.Interval.TotalSeconds:0.#} s: it filled the caches with its calls spaced by WARMUP_THROTTLE. The next round starts now; later rounds only list tasks."
                    : $"Round {round} took {report.Duration.TotalSeconds:0.0} s, longer than the interval of {_settings.Interval.TotalSeconds:0.#} s; the next round starts now. Lengthen the interval, discover fewer clusters, or raise the API rate if nothing is throttled.");
            }

            if (MaxRounds > 0 && round >= MaxRounds)
            {
                return;
            }

            var wait = nextStart - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One round: discover, keep failed clusters' last good targets, write the files, save the caches.</summary>
    internal async Task<RoundReport> RunRoundAsync(int round, DateTimeOffset start, ILoopLog log, CancellationToken cancellationToken)
    {
        var meter = new RoundMeter(_session, start);
        DiscoveryResult result;
        try
        {
            result = await _engine.DiscoverAsync(new DiscoveryRequest { Clusters = _settings.Clusters }, log, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex)
        {
            return Failed(meter, round, log, "the clusters could not be listed: " + AwsErrorAdvice.Describe(ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed(meter, round, log, "discovery failed unexpectedly: " + ex.Message);
        }

        foreach (var failure in result.Failures)
        {
            var why = failure.Error is AwsApiException aws ? AwsErrorAdvice.Describe(aws) : failure.Error.Message;
            log.Warning($"Cluster {ArnParts.ClusterName(failure.Cluster)} could not be discovered: {why}");
        }

        if (result.FailedEntirely)
        {
            return Failed(meter, round, log, "every cluster failed; the files keep their last good targets", result);
        }

        IReadOnlyList<FileSdFile> files;
        var directory = _settings.OutputDirectory!;
        try
        {
            var groups = _lastGood.Compose(result, directory, log.Warning);
            files = FileSdRenderer.Render(groups);
            EnsureDirectory(directory, log);
            foreach (var file in files)
            {
                var outcome = AtomicFileWriter.Write(Path.Combine(directory, file.FileName), file.Content);
                log.Verbose($"{file.FileName}: {file.GroupCount} target group(s), {(outcome == WriteOutcome.Written ? "written" : "unchanged")}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(meter, round, log, $"the files in {directory} could not be written: {OutputFaultAdvice.Describe(ex, directory)} Each file keeps its previous content; the next round tries again.", result);
        }

        _wroteFiles = true;
        _lastGood.Remember(result);
        _cacheFile?.SaveOrWarn(_session, log.Warning);
        return meter.Report(round, result.Failures.Count == 0 ? RoundResult.Success : RoundResult.Partial, result, files);
    }

    // A directory removed under a running loop (a cleanup job, a volume remounted) is created again, but said aloud.
    private void EnsureDirectory(string directory, ILoopLog log)
    {
        if (Directory.Exists(directory))
        {
            return;
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
    }

    private void Record(RoundReport report, ILoopLog log)
    {
        try
        {
            _recorder?.Record(report);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // node_exporter then reads the previous file, whose timestamp metric shows it is stale.
            log.Warning($"The metrics of round {report.Round} could not be written to {_settings.MetricsFile}: {OutputFaultAdvice.DescribeFile(ex, _settings.MetricsFile!)}");
        }
    }

    private static RoundReport Failed(RoundMeter meter, int round, ILoopLog log, string message, DiscoveryResult? result = null)
    {
        log.Warning($"Round {round} failed: {message}");
        var report = meter.Report(round, RoundResult.Failed, result, null);
        report.FailureMessage = message;
        return report;
    }
}
