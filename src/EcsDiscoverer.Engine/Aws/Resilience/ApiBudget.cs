namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>A client-side token bucket: its refill rate and size.</summary>
/// <param name="RequestsPerSecond">Tokens added per second: the sustained rate.</param>
/// <param name="Burst">The bucket size: calls that may go at once after a quiet period.</param>
public sealed record ApiBudget(double RequestsPerSecond, int Burst)
{
    /// <summary><c>rate/burst</c>, as settings write it.</summary>
    public override string ToString() =>
        RequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
