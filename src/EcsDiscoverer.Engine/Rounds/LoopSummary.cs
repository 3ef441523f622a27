namespace EcsDiscoverer.Engine.Rounds;

/// <summary>How a loop that stopped by itself (MaxRounds) went.</summary>
/// <param name="Rounds">The rounds that ran.</param>
/// <param name="FailedRounds">The rounds that wrote nothing.</param>
public sealed record LoopSummary(int Rounds, int FailedRounds)
{
    /// <summary>Every round failed: nothing was ever written.</summary>
    public bool AllFailed => Rounds > 0 && FailedRounds == Rounds;
}
