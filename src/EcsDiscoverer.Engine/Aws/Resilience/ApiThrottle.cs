using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// Client-side throttling of AWS calls: a token bucket (System.Threading.RateLimiting) per AWS throttling group
/// (<see cref="ApiBudgetGroups"/>), sized by <see cref="ThrottleSettings"/>, for every call; and, while a warm-up is
/// on, a pacer that spaces all calls evenly on top of the buckets. Every attempt, retries included, takes a token.
/// </summary>
internal sealed class ApiThrottle : IDisposable
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private volatile WarmupPacer? _pacer;

    /// <summary>Creates the throttle.</summary>
    public ApiThrottle(ThrottleSettings settings)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        foreach (var group in ApiBudgetGroups.All)
        {
            var budget = settings.BudgetOf(group);
            if (!(budget.RequestsPerSecond > 0) || budget.Burst < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), $"The budget of {group.Name} ({budget}) needs a positive rate and a burst of at least 1.");
            }
        }
    }

    /// <summary>The settings the buckets were made from.</summary>
    public ThrottleSettings Settings { get; }

    /// <summary>Each bucket used so far: its budget, its tokens now, and the time spent waiting for it.</summary>
    public IReadOnlyList<ApiBudgetStatistic> Statistics() => _buckets.Values
        .Select(b => b.Statistic())
        .OrderBy(s => s.Group, StringComparer.Ordinal)
        .ToList();

    /// <summary>Waits until a call of <paramref name="operation"/> to <paramref name="service"/> may go.</summary>
    public async Task WaitAsync(string service, string operation, CancellationToken cancellationToken)
    {
        var pacer = _pacer;
        if (pacer is not null)
        {
            try
            {
                await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The warm-up ended while this call waited: it goes on at the normal rate.
            }
        }

        var group = ApiBudgetGroups.For(service, operation);
        var bucket = _buckets.GetOrAdd(group.Name, _ => new Bucket(group.Name, Settings.BudgetOf(group)));
        await bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Spaces all calls at least <paramref name="interval"/> apart until the returned scope is disposed.
    /// </summary>
    public IDisposable Pace(TimeSpan interval)
    {
        var pacer = new WarmupPacer(interval);
        _pacer = pacer;
        return new PacingScope(this, pacer);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Limiter.Dispose();
        }

        _buckets.Clear();
    }

    /// <summary>
    /// Tokens come in slices of at least 50 ms: the limiter's timer cannot refill one token per millisecond at high rates.
    /// </summary>
    internal static (TimeSpan Period, int Tokens) Replenishment(double requestsPerSecond)
    {
        var period = Math.Max(1.0 / requestsPerSecond, 0.05);
        var tokens = Math.Max(1, (int)Math.Round(requestsPerSecond * period));
        return (TimeSpan.FromSeconds(period), tokens);
    }

    /// <summary>One group's limiter, and what it cost the calls that waited for it.</summary>
    private sealed class Bucket
    {
        private readonly string _group;
        private readonly ApiBudget _budget;
        private long _calls;
        private long _waitTicks;

        public Bucket(string group, ApiBudget budget)
        {
            _group = group;
            _budget = budget;
            var (period, tokens) = Replenishment(budget.RequestsPerSecond);
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = budget.Burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                AutoReplenishment = true,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        public TokenBucketRateLimiter Limiter { get; }

        public async Task TakeAsync(CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            using var lease = await Limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                // Only a queue overflow refuses a lease, and the queue is unbounded; keep the invariant loud.
                throw new InvalidOperationException("The client-side rate limiter refused a call.");
            }

            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _waitTicks, Stopwatch.GetTimestamp() - started);
        }

        public ApiBudgetStatistic Statistic() => new(
            _group,
            _budget,
            Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0,
            Interlocked.Read(ref _calls),
            (double)Interlocked.Read(ref _waitTicks) / Stopwatch.Frequency);
    }

    private sealed class PacingScope : IDisposable
    {
        private readonly ApiThrottle _owner;
        private WarmupPacer? _pacer;

        public PacingScope(ApiThrottle owner, WarmupPacer pacer)
        {
            _owner = owner;
            _pacer = pacer;
        }

        public void Dispose()
        {
            var pacer = Interlocked.Exchange(ref _pacer, null);
            if (pacer is null)
            {
                return;
            }

#pragma warning disable CS0420 // Interlocked on the volatile field is the intent.
            Interlocked.CompareExchange(ref _owner._pacer, null, pacer);
#pragma warning restore CS0420
            pacer.Dispose();
        }
    }
}
