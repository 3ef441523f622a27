namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// The churn guard (R11): a round that would remove more than <see cref="MaxDrop"/> of a cluster's target groups at
/// once keeps the previous ones until the same drop has been seen in <see cref="Rounds"/> consecutive rounds.
/// </summary>
public sealed class ChurnGuardSettings
{
    /// <summary>
    /// <c>MAX_TARGET_DROP</c>: the largest fraction (above 0, below 1) of a cluster's target groups one round may
    /// remove. Null (the default) turns the guard off.
    /// </summary>
    public double? MaxDrop { get; set; }

    /// <summary><c>TARGET_DROP_ROUNDS</c>: consecutive rounds a larger drop must be seen in before it is applied. Default 3.</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Whether the guard is on.</summary>
    public bool Enabled => MaxDrop is not null;
}
