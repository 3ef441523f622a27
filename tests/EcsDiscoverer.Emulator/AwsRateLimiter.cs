namespace EcsDiscoverer.Emulator;

/// <summary>
/// Throttles requests as AWS does per account and region, with the buckets of <see cref="AwsRateLimits"/>:
/// each starts full and is created when its first request arrives. Deterministic for a given clock, so
/// tests drive it with a fake <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class AwsRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Creates the limiter with every bucket full.</summary>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public AwsRateLimiter(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Takes a token from the operation's bucket: true if the request may proceed, false if it is throttled.</summary>
    /// <param name="operation">The call-count key, e.g. <c>ecs:ListTasks</c> or <c>ec2:DescribeInstances</c>.</param>
    public bool TryAcquire(string operation) => Bucket(operation).TryTake();

    /// <summary>The tokens now in the operation's bucket (fractional while refilling).</summary>
    public double Available(string operation) => Bucket(operation).Available;

    private TokenBucket Bucket(string operation)
    {
        var spec = AwsRateLimits.BucketOf(operation);
        lock (_gate)
        {
            if (!_buckets.TryGetValue(spec.Name, out var bucket))
            {
                _buckets[spec.Name] = bucket = new TokenBucket(spec.RefillPerSecond, spec.Burst, _time);
            }

            return bucket;
        }
    }
}
