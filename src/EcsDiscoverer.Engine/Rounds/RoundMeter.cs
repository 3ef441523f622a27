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
    private readonly IReadOnlyList<DiscoverySession> _sessions;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly long _calls;
    private readonly long _throttled;
    private readonly long _hits;
    private readonly long _misses;

    /// <summary>Starts measuring now; without sessions (piped targets) there are no calls or lookups to count.</summary>
    public RoundMeter(IReadOnlyList<DiscoverySession> sessions, DateTimeOffset startedAt)
    {
        _sessions = sessions ?? Array.Empty<DiscoverySession>();
        StartedAt = startedAt;
        (_calls, _throttled, _hits, _misses) = Counts();
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
            report.FromEvents = discovery.FromEvents;
            report.Corrections = discovery.Corrections;
            report.FailedClusters = discovery.Failures.Select(f => f.DisplayName).ToList();
            report.Clusters = discovery.DiscoveredClusters.Count + discovery.Failures.Count;
            report.Scopes = discovery.Scopes;
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
        if (_sessions.Count > 0)
        {
            var (calls, throttled, hits, misses) = Counts();
            report.ApiCalls = calls - _calls;
            report.ThrottledCalls = throttled - _throttled;
            report.CacheHits = hits - _hits;
            report.CacheMisses = misses - _misses;
        }

        return report;
    }

    // Summed over the run's sessions: one per account-region.
    private (long Calls, long Throttled, long Hits, long Misses) Counts()
    {
        long calls = 0, throttled = 0, hits = 0, misses = 0;
        foreach (var session in _sessions)
        {
            calls += session.Calls.Total;
            throttled += session.Calls.Throttled;
            foreach (var cache in session.Caches.Statistics())
            {
                hits += cache.Hits;
                misses += cache.Misses;
            }
        }

        return (calls, throttled, hits, misses);
    }
}
