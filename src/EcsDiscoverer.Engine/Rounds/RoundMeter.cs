using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>Measures one round: its duration, and the API calls and cache lookups it made, as differences of the session's counters.</summary>
internal sealed class RoundMeter
{
    private readonly DiscoverySession? _session;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly long _calls;
    private readonly long _throttled;
    private readonly long _hits;
    private readonly long _misses;

    /// <summary>Starts measuring now; without a session (piped targets) there are no calls or lookups to count.</summary>
    public RoundMeter(DiscoverySession? session, DateTimeOffset startedAt)
    {
        _session = session;
        StartedAt = startedAt;
        if (session is null)
        {
            return;
        }

        _calls = session.Calls.Total;
        _throttled = session.Calls.Throttled;
        var caches = session.Caches.Statistics();
        _hits = caches.Sum(c => c.Hits);
        _misses = caches.Sum(c => c.Misses);
    }

    /// <summary>When the round started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The time since the start.</summary>
    public TimeSpan Elapsed => _watch.Elapsed;

    /// <summary>
    /// A report of the round so far: what <paramref name="discovery"/> found (when discovery got that far) and the
    /// files written (when they were).
    /// </summary>
    public RoundReport Report(int round, RoundResult result, DiscoveryResult? discovery, IReadOnlyList<FileSdFile>? files)
    {
        var report = Report(round, result);
        if (files is not null)
        {
            report.TargetsByFile = files.ToDictionary(f => f.FileName, f => f.GroupCount, StringComparer.Ordinal);
        }

        if (discovery is not null)
        {
            report.WarmUp = discovery.WarmUp;
            report.FailedClusters = discovery.Failures.Select(f => f.Name).ToList();
            report.Clusters = discovery.DiscoveredClusters.Count + discovery.Failures.Count;
            report.SkippedByReason = discovery.Skipped
                .GroupBy(s => SkipReasons.Name(s.Reason), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }

        return report;
    }

    /// <summary>A report of the round so far, with the given result.</summary>
    public RoundReport Report(int round, RoundResult result)
    {
        var report = new RoundReport
        {
            Round = round,
            StartedAt = StartedAt,
            Duration = _watch.Elapsed,
            Result = result,
        };
        if (_session is not null)
        {
            var caches = _session.Caches.Statistics();
            report.ApiCalls = _session.Calls.Total - _calls;
            report.ThrottledCalls = _session.Calls.Throttled - _throttled;
            report.CacheHits = caches.Sum(c => c.Hits) - _hits;
            report.CacheMisses = caches.Sum(c => c.Misses) - _misses;
        }

        return report;
    }
}
