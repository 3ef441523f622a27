using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// Client-side throttling of AWS calls: a token bucket per service (System.Threading.RateLimiting) for every call,
/// and, while a warm-up is on, a pacer that spaces calls evenly. Every attempt, retries included, takes a token.
/// </summary>
internal sealed class ApiThrottle : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);
    private readonly ThrottleSettings _settings;
    private volatile WarmupPacer? _pacer;

    /// <summary>Creates the throttle.</summary>
    public ApiThrottle(ThrottleSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (!(settings.RequestsPerSecond > 0) || settings.Burst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The request rate must be positive and the burst at least 1.");
        }
    }

    /// <summary>The sustained rate per service.</summary>
    public double RequestsPerSecond => _settings.RequestsPerSecond;

    /// <summary>The bucket size.</summary>
    public int Burst => _settings.Burst;

    /// <summary>Waits until a call to <paramref name="service"/> may go.</summary>
    public async Task WaitAsync(string service, CancellationToken cancellationToken)
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

        var bucket = _buckets.GetOrAdd(service, _ => CreateBucket());
        using var lease = await bucket.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            // Only a queue overflow refuses a lease, and the queue is unbounded; keep the invariant loud.
            throw new InvalidOperationException("The client-side rate limiter refused a call.");
        }
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
            bucket.Dispose();
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

    private TokenBucketRateLimiter CreateBucket()
    {
        var (period, tokens) = Replenishment(_settings.RequestsPerSecond);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _settings.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
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
