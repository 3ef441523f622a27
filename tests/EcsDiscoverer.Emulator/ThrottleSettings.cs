namespace EcsDiscoverer.Emulator;

/// <summary>
/// Rate-based throttling, as real AWS applies it per account and region: each service (ECS,
/// EC2) gets its own <see cref="TokenBucket"/> of this rate and size. ECS documents roughly
/// 20 requests/s sustained with bursts of 50-100 for read actions.
/// </summary>
/// <param name="RequestsPerSecond">The sustained rate; greater than 0.</param>
/// <param name="Burst">The bucket size; 1 or more.</param>
public sealed record ThrottleSettings(double RequestsPerSecond, int Burst)
{
    /// <summary>Throws unless the rate is positive and finite and the burst at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static void Validate(double requestsPerSecond, int burst)
    {
        if (!double.IsFinite(requestsPerSecond) || requestsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The rate must be a finite number of requests per second greater than 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
    }
}
