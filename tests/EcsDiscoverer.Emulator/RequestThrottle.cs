namespace EcsDiscoverer.Emulator;

/// <summary>
/// The optional rate limit of the emulator: one <see cref="TokenBucket"/> per service
/// (<c>ecs</c>, <c>ec2</c>), all of the same <see cref="ThrottleSettings"/>. Off until set, so
/// tests that do not ask for throttling never see it.
/// </summary>
internal sealed class RequestThrottle
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private ThrottleSettings? _settings;

    public RequestThrottle(TimeProvider time) => _time = time;

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

    /// <summary>Applies new settings; every service starts again with a full bucket.</summary>
    public void Set(ThrottleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThrottleSettings.Validate(settings.RequestsPerSecond, settings.Burst);
        lock (_gate)
        {
            _settings = settings;
            _buckets.Clear();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _settings = null;
            _buckets.Clear();
        }
    }

    /// <summary>True if a request to <paramref name="service"/> may proceed; always true while off.</summary>
    public bool TryAcquire(string service)
    {
        TokenBucket bucket;
        lock (_gate)
        {
            if (_settings is null)
            {
                return true;
            }

            if (!_buckets.TryGetValue(service, out bucket!))
            {
                _buckets[service] = bucket = new TokenBucket(_settings.RequestsPerSecond, _settings.Burst, _time);
            }
        }

        return bucket.TryTake();
    }
}
