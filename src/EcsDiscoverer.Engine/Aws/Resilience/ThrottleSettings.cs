using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// The client-side token buckets, one per AWS throttling group (<see cref="ApiBudgetGroups"/>), so that discovery
/// never drives the account's API into throttling. By default each bucket refills at <see cref="Share"/> of AWS's
/// rate (the rest is left to the account's other users: the console, deployments, autoscaling) and holds AWS's
/// bucket size, so a steady round goes at network speed while the sustained average stays within the share.
/// </summary>
public sealed class ThrottleSettings
{
    /// <summary><c>API_SHARE</c>: the fraction of each AWS bucket's refill rate discovery may use. Default 0.5.</summary>
    public double Share { get; set; } = 0.5;

    /// <summary><c>API_REQUESTS_PER_SECOND</c>: when set, every bucket refills at this rate instead (the 0.2 setting).</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary><c>API_BURST</c>: when set, every bucket has this size instead.</summary>
    public int? Burst { get; set; }

    /// <summary><c>API_GROUP_BUDGETS</c>: per group, a budget that overrides all of the above.</summary>
    public IReadOnlyDictionary<string, ApiBudget> Groups { get; set; } = new Dictionary<string, ApiBudget>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The client-side budget of <paramref name="group"/>: its override, else the rate and burst given, else the share of AWS's.</summary>
    public ApiBudget BudgetOf(ApiBudgetGroup group)
    {
        if (group is null)
        {
            throw new ArgumentNullException(nameof(group));
        }

        if (Groups.TryGetValue(group.Name, out var budget))
        {
            return budget;
        }

        return new ApiBudget(RequestsPerSecond ?? group.AwsRefillPerSecond * Share, Burst ?? group.AwsBurst);
    }

    /// <summary>Whether two settings give every group the same budget (runs with the same budgets share one throttle).</summary>
    public bool SameBudgetsAs(ThrottleSettings other) =>
        other is not null
        && Share.Equals(other.Share)
        && Nullable.Equals(RequestsPerSecond, other.RequestsPerSecond)
        && Nullable.Equals(Burst, other.Burst)
        && Groups.Count == other.Groups.Count
        && Groups.All(g => other.Groups.TryGetValue(g.Key, out var b) && b == g.Value);

    /// <summary>A copy with another sustained rate and burst for every group (a scope's own budget).</summary>
    public ThrottleSettings With(double? requestsPerSecond, int? burst) => new()
    {
        Share = Share,
        RequestsPerSecond = requestsPerSecond,
        Burst = burst,
        Groups = Groups,
    };
}
