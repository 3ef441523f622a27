using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>Counts AWS call attempts by service, operation and outcome: the session's call statistics.</summary>
public sealed class ApiCallStatistics : IAwsCallObserver
{
    private readonly ConcurrentDictionary<(string Service, string Operation, AwsCallOutcome Outcome), Counter> _counts = new();
    private long _total;
    private long _throttled;

    /// <summary>All attempts so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Attempts AWS answered with throttling.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <inheritdoc />
    public void OnAttempt(string service, string operation, AwsCallOutcome outcome, TimeSpan duration)
    {
        Interlocked.Increment(ref _total);
        if (outcome == AwsCallOutcome.Throttled)
        {
            Interlocked.Increment(ref _throttled);
        }

        _counts.GetOrAdd((service, operation, outcome), _ => new Counter()).Increment();
    }

    /// <summary>The counts, ordered by service, operation and outcome.</summary>
    public IReadOnlyList<ApiCallCount> Snapshot() => _counts
        .Select(c => new ApiCallCount(c.Key.Service, c.Key.Operation, c.Key.Outcome, c.Value.Value))
        .OrderBy(c => c.Service, StringComparer.Ordinal)
        .ThenBy(c => c.Operation, StringComparer.Ordinal)
        .ThenBy(c => c.Outcome)
        .ToList();

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
