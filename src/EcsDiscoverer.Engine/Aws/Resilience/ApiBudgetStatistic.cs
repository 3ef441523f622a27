namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>How one client-side bucket is used: its budget, the tokens in it now, and the time calls spent waiting.</summary>
/// <param name="Group">The AWS throttling group.</param>
/// <param name="Budget">The client-side rate and size.</param>
/// <param name="TokensAvailable">Tokens in the bucket now.</param>
/// <param name="Calls">Attempts that took a token, retries included.</param>
/// <param name="WaitSeconds">Time attempts spent waiting for a token, summed.</param>
public sealed record ApiBudgetStatistic(string Group, ApiBudget Budget, long TokensAvailable, long Calls, double WaitSeconds);
