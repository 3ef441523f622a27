namespace EcsDiscoverer.Emulator;

/// <summary>
/// A token bucket as AWS describes its API rate limits: it holds up to <c>burst</c> tokens,
/// starts full, refills continuously at <c>requestsPerSecond</c>, and each request takes one
/// token or is throttled. Deterministic for a given clock, so tests drive it with a fake
/// <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    // Refill is computed in floating point; without a little slack, 50 ms at 20/s could come
    // out as 0.9999999 tokens and throttle a request the rate allows.
    private const double Slack = 1e-9;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastRefill;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="requestsPerSecond">The sustained rate; greater than 0.</param>
    /// <param name="burst">The bucket size: how many requests may arrive at once; 1 or more.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public TokenBucket(double requestsPerSecond, int burst, TimeProvider? time = null)
    {
        ThrottleSettings.Validate(requestsPerSecond, burst);
        RequestsPerSecond = requestsPerSecond;
        Burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _lastRefill = _time.GetTimestamp();
    }

    /// <summary>The sustained rate.</summary>
    public double RequestsPerSecond { get; }

    /// <summary>The bucket size.</summary>
    public int Burst { get; }

    /// <summary>The tokens in the bucket now (fractional while refilling).</summary>
    public double Available
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    /// <summary>Takes one token: true if the request may proceed, false if it is throttled.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1 - Slack)
            {
                return false;
            }

            _tokens = Math.Max(0, _tokens - 1);
            return true;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Burst, _tokens + (elapsed * RequestsPerSecond));
        }
    }
}
