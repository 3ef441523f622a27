using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Resilience;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// One account-region of a run, as planned from the settings: whose credentials, which region (null: the region the
/// SDK's chain gives), which clusters, which budget. AWS throttles per account and region, so this is also the unit
/// of caches, token buckets and stale-while-error.
/// </summary>
public sealed class ScopeRegion
{
    internal ScopeRegion(ScopeSettings scope, string? region, IReadOnlyList<string> clusters, ThrottleSettings throttle)
    {
        Scope = scope;
        Region = region;
        Clusters = clusters;
        Throttle = throttle;
    }

    /// <summary>The scope this account-region belongs to.</summary>
    public ScopeSettings Scope { get; }

    /// <summary>The region; null for the region of the SDK's chain (REGION, AWS_REGION, the profile).</summary>
    public string? Region { get; }

    /// <summary>The cluster selection.</summary>
    public IReadOnlyList<string> Clusters { get; }

    /// <summary>The client-side budget.</summary>
    public ThrottleSettings Throttle { get; }

    /// <summary>The account, when the settings tell it (a role ARN names its account).</summary>
    public string? Account => ScopeSettingsReader.AccountOfRole(Scope.RoleArn);

    /// <summary>
    /// Whose calls these are, apart from the region: empty for the run's own credentials, otherwise the profile and
    /// the role. Sessions (caches, buckets) are kept apart by it.
    /// </summary>
    public string Principal =>
        (Scope.ProfileName is null ? "" : "profile:" + Scope.ProfileName) + (Scope.RoleArn is null ? "" : (Scope.ProfileName is null ? "" : ",") + "role:" + Scope.RoleArn);

    /// <summary>How messages name the scope, once its region is known: "account 111122223333 (role ...), region eu-west-1".</summary>
    public string Describe(string region)
    {
        var who = Scope.RoleArn is not null
            ? $"account {Account} (role {Scope.RoleArn}{(Scope.ProfileName is null ? "" : ", from profile " + Scope.ProfileName)})"
            : Scope.ProfileName is not null ? $"profile {Scope.ProfileName}" : "the run's credentials";
        return (Scope.Name is null ? "" : $"scope '{Scope.Name}': ") + who + ", region " + region;
    }
}
