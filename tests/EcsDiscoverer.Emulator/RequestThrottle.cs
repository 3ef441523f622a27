namespace EcsDiscoverer.Emulator;

/// <summary>
/// The optional rate limit of the emulator, off until set, so tests that do not ask for throttling
/// never see it. Two modes: one <see cref="TokenBucket"/> per service (<c>ecs</c>, <c>ec2</c>), all of
/// the same <see cref="ThrottleSettings"/>; or AWS's own buckets per group of actions
/// (<see cref="AwsRateLimits"/>, <c>--aws-limits</c>).
/// </summary>
internal sealed class RequestThrottle
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private ThrottleSettings? _settings;
    private AwsRateLimiter? _aws;

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

    /// <summary>The AWS-shaped limiter in force, or null.</summary>
    public AwsRateLimiter? AwsLimits
    {
        get
        {
            lock (_gate)
            {
                return _aws;
            }
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
            _aws = null;
            _buckets.Clear();
        }
    }

    /// <summary>Applies AWS's buckets (<see cref="AwsRateLimits"/>), all full.</summary>
    public void SetAwsLimits()
    {
        lock (_gate)
        {
            _settings = null;
            _aws = new AwsRateLimiter(_time);
            _buckets.Clear();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _settings = null;
            _aws = null;
            _buckets.Clear();
        }
    }

    /// <summary>True if a request of <paramref name="operation"/> (a call-count key) to <paramref name="service"/> may proceed; always true while off.</summary>
    public bool TryAcquire(string service, string operation)
    {
        AwsRateLimiter? aws;
        TokenBucket? bucket = null;
        lock (_gate)
        {
            aws = _aws;
            if (aws is null)
            {
                if (_settings is null)
                {
                    return true;
                }

                if (!_buckets.TryGetValue(service, out bucket))
                {
                    _buckets[service] = bucket = new TokenBucket(_settings.RequestsPerSecond, _settings.Burst, _time);
                }
            }
        }

        return aws?.TryAcquire(operation) ?? bucket!.TryTake();
    }
}
