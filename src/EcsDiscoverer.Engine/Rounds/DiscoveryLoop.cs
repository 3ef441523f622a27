using System;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// Runs a <see cref="DiscoveryRound"/> every interval until cancelled, as Prometheus's refresh loop does: it only
/// schedules. A round that fails is reported and the loop goes on; the files only ever change by whole-file
/// replacement, so stopping at any moment leaves them in their last good state.
/// </summary>
public sealed class DiscoveryLoop
{
    private readonly DiscoveryRound _round;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    /// <summary>Creates a loop that runs <paramref name="round"/> every <paramref name="interval"/>, start to start.</summary>
    internal DiscoveryLoop(DiscoveryRound round, TimeSpan interval)
    {
        _round = round ?? throw new ArgumentNullException(nameof(round));
        _interval = interval;
        _time = TimeProvider.System;
    }

    /// <summary>A loop over an engine whose clients and caches belong to <paramref name="session"/> (tests build loops this way).</summary>
    internal DiscoveryLoop(EcsDiscoveryEngine engine, DiscoverySession session, DiscoverySettings settings, IRoundRecorder? recorder)
        : this(new DiscoveryRound(engine, session, new RoundOptions(settings, session.Region, oneOff: false), recorder), settings.Interval)
    {
    }

    /// <summary>Stop after this many rounds; 0 runs until cancelled.</summary>
    public int MaxRounds { get; set; }

    /// <summary>
    /// What gives each round's garbage back while the loop waits, or null for nothing. A process-wide choice (a full
    /// blocking collection pauses every thread of the process), so the host that owns the process sets it
    /// (<see cref="DiscoveryHost.Loop"/>); a loop inside a test run or another program does not trim by default.
    /// </summary>
    internal IdleMemoryTrim? MemoryTrim { get; set; }

    /// <summary>
    /// Runs rounds until <paramref name="cancellationToken"/> is cancelled (then throws OperationCanceledException) or
    /// <see cref="MaxRounds"/> are done; returns how many rounds ran and how many failed.
    /// </summary>
    public async Task<LoopSummary> RunAsync(IRoundLog log, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            throw new ArgumentNullException(nameof(log));
        }

        var roundLog = new RoundLog(log);
        var failed = 0;
        var events = _round.Events;
        events?.Start(cancellationToken);
        for (var round = 1; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            roundLog.BeginRound();
            roundLog.ShowProgress = round == 1;
            var start = _time.GetUtcNow();
            var report = await _round.RunAsync(round, _interval, roundLog, cancellationToken).ConfigureAwait(false);
            failed += report.Result == RoundResult.Failed ? 1 : 0;
            var last = MaxRounds > 0 && round >= MaxRounds;
            if (!last)
            {
                // Before the report, so that whoever reads it (a benchmark sampling RSS) sees the memory of the wait.
                var next = NextRound(start, events);
                var freed = MemoryTrim?.TrimIfGrown(next - _time.GetUtcNow()) ?? 0;
                if (freed > 0)
                {
                    log.Verbose($"Round {round}: the collection while waiting freed {freed / (1024 * 1024)} MB of the GC heap.");
                }
            }

            log.RoundCompleted(report);
            if (report.Overran)
            {
                log.Warning(OverrunWarning(report));
            }

            if (last)
            {
                return new LoopSummary(round, failed);
            }

            if (events is not null)
            {
                // R18: the next round comes when events wait (a moment after the first) or a listing is due.
                Tell(log, events);
                await events.WaitAsync(NextRound(start, events), _time, cancellationToken).ConfigureAwait(false);
                Tell(log, events);
                continue;
            }

            var (nextStart, _) = RoundSchedule.Next(start, _interval, _time.GetUtcNow());
            var wait = nextStart - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DateTimeOffset NextRound(DateTimeOffset start, Events.EventFeed? events) =>
        events?.NextListingDue(_time.GetUtcNow()) ?? RoundSchedule.Next(start, _interval, _time.GetUtcNow()).NextStart;

    private static void Tell(IRoundLog log, Events.EventFeed events)
    {
        foreach (var notice in events.DrainNotices())
        {
            if (notice.IsWarning)
            {
                log.Warning(notice.Text);
            }
            else
            {
                log.Verbose(notice.Text);
            }
        }
    }

    /// <summary>One round, as the loop runs it (tests drive rounds one at a time).</summary>
    internal Task<RoundReport> RunRoundAsync(int round, IRoundLog log, CancellationToken cancellationToken) =>
        _round.RunAsync(round, _interval, log, cancellationToken);

    // A longer interval only helps when the time went to work; time lost to failing calls and their retries is not
    // the interval's fault, and more clusters or a higher rate would only make it worse.
    private string OverrunWarning(RoundReport report)
    {
        var took = $"Round {report.Round} took {report.Duration.TotalSeconds:0.0} s, longer than the interval of {_interval.TotalSeconds:0.#} s";
        if (report.WarmUp)
        {
            return took + ": it filled the caches with its calls spaced by WARMUP_THROTTLE. The next round starts now; later rounds only list tasks.";
        }

        if (report.Result == RoundResult.Failed || report.FailedClusters.Count > 0 || report.ThrottledCalls > 0)
        {
            return took + ", mostly retrying calls that failed or were throttled (see the warnings above); the next round starts now. Fix what failed rather than the interval.";
        }

        return took + "; the next round starts now. Lengthen the interval, discover fewer clusters, or raise the API rate if nothing is throttled.";
    }
}
