namespace EcsDiscoverer.Emulator;

/// <summary>
/// The optional rate limit of the emulator, off until set, so tests that do not ask for throttling
/// never see it. Two modes: one <see cref="TokenBucket"/> per service (<c>ecs</c>, <c>ec2</c>, <c>sts</c>), all of
/// the same <see cref="ThrottleSettings"/>; or AWS's own buckets per group of actions
/// (<see cref="AwsRateLimits"/>, <c>--aws-limits</c>). Either way every account and region has buckets of
/// its own, as AWS's quotas are per account and region: throttling one region leaves the others alone.
/// </summary>
internal sealed class RequestThrottle
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<(AwsScope Scope, string Service), TokenBucket> _buckets = [];
    private readonly Dictionary<AwsScope, AwsRateLimiter> _awsLimiters = [];
    private ThrottleSettings? _settings;
    private bool _awsLimits;

    public RequestThrottle(TimeProvider time) => _time = time;

    /// <summary>The per-service settings, or null (off, or AWS's buckets in force).</summary>
    public ThrottleSettings? Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>Whether AWS's buckets are in force.</summary>
    public bool AwsLimits
    {
        get
        {
            lock (_gate)
            {
                return _awsLimits;
            }
        }
    }

    /// <summary>The AWS-shaped limiter of an account and region while AWS's buckets are in force, else null.</summary>
    public AwsRateLimiter? AwsLimiterOf(AwsScope scope)
    {
        lock (_gate)
        {
            if (!_awsLimits)
            {
                return null;
            }

            if (!_awsLimiters.TryGetValue(scope, out var limiter))
            {
                _awsLimiters[scope] = limiter = new AwsRateLimiter(_time);
            }

            return limiter;
        }
    }

    /// <summary>Applies per-service settings; every service starts again with a full bucket.</summary>
    public void Set(ThrottleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThrottleSettings.Validate(settings.RequestsPerSecond, settings.Burst);
        lock (_gate)
        {
            _settings = settings;
            _awsLimits = false;
            Reset();
        }
    }

    /// <summary>Applies AWS's buckets (<see cref="AwsRateLimits"/>), all full.</summary>
    public void SetAwsLimits()
    {
        lock (_gate)
        {
            _settings = null;
            _awsLimits = true;
            Reset();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _settings = null;
            _awsLimits = false;
            Reset();
        }
    }

    /// <summary>
    /// True if a request of <paramref name="operation"/> (a call-count key) to <paramref name="service"/> in
    /// <paramref name="scope"/> may proceed; always true while off.
    /// </summary>
    public bool TryAcquire(AwsScope scope, string service, string operation)
    {
        if (AwsLimiterOf(scope) is { } aws)
        {
            return aws.TryAcquire(operation);
        }

        TokenBucket? bucket;
        lock (_gate)
        {
            if (_settings is null)
            {
                return true;
            }

            if (!_buckets.TryGetValue((scope, service), out bucket))
            {
                _buckets[(scope, service)] = bucket = new TokenBucket(_settings.RequestsPerSecond, _settings.Burst, _time);
            }
        }

        return bucket.TryTake();
    }

    // Every setting starts again with full buckets.
    private void Reset()
    {
        _buckets.Clear();
        _awsLimiters.Clear();
    }
}
