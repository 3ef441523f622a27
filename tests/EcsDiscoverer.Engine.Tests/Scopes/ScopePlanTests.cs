using System.Linq;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Scopes;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Scopes;

/// <summary>R17: which account-regions a run covers.</summary>
public class ScopePlanTests
{
    private const string RoleA = "arn:aws:iam::111111111111:role/discovery";
    private const string RoleB = "arn:aws:iam::222222222222:role/discovery";
    private static readonly string[] RunClusters = { "prod-*" };

    private static string Show(ScopeRegion s) =>
        $"{s.Principal}|{s.Region ?? "(chain)"}|{string.Join("+", s.Clusters)}|{s.Account ?? "-"}";

    private static string[] Plan(FleetSettings fleet) =>
        ScopePlan.Expand(fleet, RunClusters, new ThrottleSettings()).Select(Show).ToArray();

    [Fact(DisplayName = "R17: nothing set is the run's own account in the region of the SDK's chain, as before scopes")]
    public void Default() => Assert.Equal(new[] { "|(chain)|prod-*|-" }, Plan(new FleetSettings()));

    [Fact(DisplayName = "R17: REGIONS x ROLE_ARNS, each role in each region")]
    public void RolesTimesRegions() =>
        Assert.Equal(
            new[]
            {
                $"role:{RoleA}|eu-west-1|prod-*|111111111111", $"role:{RoleA}|us-east-1|prod-*|111111111111",
                $"role:{RoleB}|eu-west-1|prod-*|222222222222", $"role:{RoleB}|us-east-1|prod-*|222222222222",
            },
            Plan(new FleetSettings { Regions = new[] { "eu-west-1", "us-east-1" }, RoleArns = new[] { RoleA, RoleB, RoleA } }));

    [Fact(DisplayName = "R17: a scope's own regions and clusters win over the run's; profiles and roles are principals")]
    public void OwnRegionsAndClusters() =>
        Assert.Equal(
            new[] { "profile:audit,role:" + RoleA + "|ap-south-1|web|111111111111", "|eu-west-1|prod-*|-", "|us-east-1|prod-*|-" },
            Plan(new FleetSettings
            {
                Regions = new[] { "eu-west-1", "us-east-1" },
                Scopes = new[]
                {
                    new ScopeSettings { ProfileName = "audit", RoleArn = RoleA, Regions = new[] { "ap-south-1" }, Clusters = new[] { "web" } },
                    new ScopeSettings(),
                },
            }));

    [Fact(DisplayName = "R17: a scope's rate is its own budget; the others keep the run's")]
    public void OwnBudget()
    {
        var plan = ScopePlan.Expand(
            new FleetSettings { Scopes = new[] { new ScopeSettings { RoleArn = RoleA, RequestsPerSecond = 2 }, new ScopeSettings { RoleArn = RoleB } } },
            RunClusters,
            new ThrottleSettings { Burst = 7 });
        Assert.Equal((2.0, 7), (plan[0].Throttle.RequestsPerSecond, plan[0].Throttle.Burst));
        Assert.Null(plan[1].Throttle.RequestsPerSecond);
    }

    [Fact(DisplayName = "R17: ROLE_SESSION_NAME applies to SCOPES roles that name none")]
    public void SessionNameForScopes()
    {
        var plan = ScopePlan.Expand(
            new FleetSettings { RoleSessionName = "prom", Scopes = new[] { new ScopeSettings { RoleArn = RoleA }, new ScopeSettings { RoleArn = RoleB, RoleSessionName = "own" } } },
            RunClusters,
            new ThrottleSettings());
        Assert.Equal(new[] { "prom", "own" }, plan.Select(p => p.Scope.RoleSessionName));
    }

    [Theory(DisplayName = "R17: settings that contradict each other are refused with what to do")]
    [InlineData("scopes and roles", "SCOPES and ROLE_ARNS")]
    [InlineData("external id alone", "EXTERNAL_ID and ROLE_SESSION_NAME")]
    public void Contradictions(string which, string message)
    {
        var fleet = which == "scopes and roles"
            ? new FleetSettings { RoleArns = new[] { RoleA }, Scopes = new[] { new ScopeSettings() } }
            : new FleetSettings { ExternalId = "x" };
        var error = Assert.Throws<SettingsException>(() => ScopePlan.Expand(fleet, RunClusters, new ThrottleSettings()));
        Assert.Contains(message, error.Message, System.StringComparison.Ordinal);
    }

    [Fact(DisplayName = "R17: two scopes of the same credentials in one region are refused, naming both")]
    public void Duplicates()
    {
        var plan = ScopePlan.Expand(
            new FleetSettings { Scopes = new[] { new ScopeSettings { Name = "a", Regions = new[] { "eu-west-1" } }, new ScopeSettings { Name = "b" } } },
            RunClusters,
            new ThrottleSettings());
        var error = Assert.Throws<SettingsException>(() => ScopePlan.CheckDistinct(plan.Select(p => (p, p.Region ?? "eu-west-1"))));
        Assert.Contains("scope 'a'", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("scope 'b'", error.Message, System.StringComparison.Ordinal);
        ScopePlan.CheckDistinct(plan.Select(p => (p, p.Region ?? "us-east-1")));
    }
}
