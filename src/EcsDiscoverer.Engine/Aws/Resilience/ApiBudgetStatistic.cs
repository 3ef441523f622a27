using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>How one client-side bucket is used: its budget, the tokens in it now, and the time calls spent waiting.</summary>
/// <param name="Group">The AWS throttling group.</param>
/// <param name="Budget">The client-side rate and size.</param>
/// <param name="TokensAvailable">Tokens in the bucket now.</param>
/// <param name="Calls">Attempts that took a token, retries included.</param>
/// <param name="WaitSeconds">Time attempts spent waiting for a token, summed.</param>
public sealed record ApiBudgetStatistic(string Group, ApiBudget Budget, long TokensAvailable, long Calls, double WaitSeconds)
{
    /// <summary>
    /// Several scopes' buckets summed per group (the metrics of a run of several account-regions): tokens, calls and
    /// waits add up; the budget is the first scope's, which is every scope's unless a scope has a rate of its own.
    /// </summary>
    public static IReadOnlyList<ApiBudgetStatistic> Totals(IEnumerable<ApiBudgetStatistic> statistics) =>
        statistics
            .GroupBy(s => s.Group, System.StringComparer.Ordinal)
            .Select(g => new ApiBudgetStatistic(g.Key, g.First().Budget, g.Sum(s => s.TokensAvailable), g.Sum(s => s.Calls), g.Sum(s => s.WaitSeconds)))
            .ToList();
}
