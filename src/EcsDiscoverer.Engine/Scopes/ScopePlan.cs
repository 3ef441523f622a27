using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Configuration;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// Turns <see cref="FleetSettings"/> into the account-regions of a run: <c>SCOPES</c> when given, else one scope per
/// <c>ROLE_ARNS</c> entry, else the run's own credentials; each crossed with its regions (its own, else
/// <c>REGIONS</c>, else the one region of the SDK's chain).
/// </summary>
internal static class ScopePlan
{
    /// <exception cref="SettingsException">The scopes contradict each other or the other settings.</exception>
    public static IReadOnlyList<ScopeRegion> Expand(FleetSettings fleet, IReadOnlyList<string> clusters, ThrottleSettings throttle)
    {
        if (fleet is null)
        {
            throw new ArgumentNullException(nameof(fleet));
        }

        if (fleet.Scopes.Count > 0 && fleet.RoleArns.Count > 0)
        {
            throw new SettingsException(
                "SCOPES and ROLE_ARNS (-Scope and -RoleArn) both name accounts: give the roles as RoleArn entries of SCOPES, or use ROLE_ARNS alone.");
        }

        if (fleet.RoleArns.Count == 0 && fleet.Scopes.Count == 0 && (fleet.ExternalId is not null || fleet.RoleSessionName is not null))
        {
            throw new SettingsException(
                "EXTERNAL_ID and ROLE_SESSION_NAME (-ExternalId, -RoleSessionName) apply to the roles of ROLE_ARNS (-RoleArn), and none is given.");
        }

        var scopes = fleet.Scopes.Count > 0
            ? fleet.Scopes.Select(s => fleet.RoleSessionName is null || s.RoleArn is null || s.RoleSessionName is not null ? s : s.With(c => c.RoleSessionName = fleet.RoleSessionName)).ToList()
            : fleet.RoleArns.Count > 0
                ? fleet.RoleArns.Distinct(StringComparer.Ordinal).Select(arn => new ScopeSettings { RoleArn = arn, ExternalId = fleet.ExternalId, RoleSessionName = fleet.RoleSessionName }).ToList()
                : new List<ScopeSettings> { new() };

        var plan = new List<ScopeRegion>();
        foreach (var scope in scopes)
        {
            var regions = scope.Regions.Count > 0 ? scope.Regions : fleet.Regions;
            var scopeThrottle = scope.RequestsPerSecond is null && scope.Burst is null
                ? throttle
                : throttle.With(scope.RequestsPerSecond ?? throttle.RequestsPerSecond, scope.Burst ?? throttle.Burst);
            foreach (var region in regions.Count > 0 ? regions.Distinct(StringComparer.Ordinal).Select(r => (string?)r) : new string?[] { null })
            {
                plan.Add(new ScopeRegion(scope, region, scope.Clusters ?? clusters, scopeThrottle));
            }
        }

        return plan;
    }

    /// <summary>
    /// Refuses two scopes of the same credentials in the same region: they would discover the same clusters twice and
    /// spend that account-region's budget twice. Called once the regions of the SDK's chain are known.
    /// </summary>
    /// <exception cref="SettingsException">Two scopes cover one account-region.</exception>
    public static void CheckDistinct(IEnumerable<(ScopeRegion Scope, string Region)> resolved)
    {
        var seen = new Dictionary<string, ScopeRegion>(StringComparer.Ordinal);
        foreach (var (scope, region) in resolved)
        {
            var key = scope.Principal + "|" + region;
            if (seen.TryGetValue(key, out var first))
            {
                throw new SettingsException(
                    $"Two scopes cover the same credentials and region: {first.Describe(region)} and {scope.Describe(region)}. "
                    + "Merge them into one scope (list both cluster selections in its Clusters).");
            }

            seen[key] = scope;
        }
    }
}
