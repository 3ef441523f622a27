using System;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>The client-side token bucket that keeps calls under what ECS allows.</summary>
public sealed class ThrottleSettings
{
    /// <summary>
    /// Sustained calls per second, per service. ECS allows roughly 20 per second per account and region for the
    /// read actions, shared with every other tool of the account, so the default stays well below it.
    /// </summary>
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>Calls that may go at once after a quiet period.</summary>
    public int Burst { get; set; } = 20;
}
