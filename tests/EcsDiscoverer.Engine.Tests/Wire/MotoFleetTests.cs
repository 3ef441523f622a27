using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>
/// R17 against moto, through <see cref="DiscoveryHost"/> with settings made as the cmdlets make them: roles assumed
/// with STS at the one <c>-EndpointUrl</c> that also serves ECS and EC2, the assumed credentials served by the role's
/// account (moto files them there), regions kept apart, and a denied role failing only its own scopes. Every member
/// account and region has a cluster of the same name, "prod", so a scope that leaked into another would show.
/// </summary>
[Collection(MotoFleetFixture.CollectionName)]
public sealed class MotoFleetTests : IDisposable
{
    private static readonly string[] Regions = { "us-east-1", "eu-west-1" };
    private readonly MotoFleetFixture _moto;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ecsd-moto-fleet-" + Guid.NewGuid().ToString("N"));

    public MotoFleetTests(MotoFleetFixture moto) => _moto = moto;

    private CancellationToken Timeout => _timeout.Token;

    private MotoFleetSeed Seed => _moto.Seed;

    public void Dispose()
    {
        _timeout.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task R17_each_role_discovers_its_own_account_and_each_region_stays_apart_though_every_cluster_is_named_prod()
    {
        using var host = Connect(Seed.Hub, Parameters(Seed.MemberRoleArns));
        var log = new RecordingLoopLog();

        var result = await host.DiscoverAsync(log, Timeout);

        Assert.Empty(result.Failures);
        Assert.Empty(log.Warnings);
        Assert.Equal(4, host.DescribeScopes().Count);
        Assert.Equal(ExpectedTargets(Seed.Scopes), TargetsOf(result.Targets));
        Assert.All(result.Targets, target =>
        {
            var seeded = Seed.Scopes.Single(s => s.Address == target.Target);
            Assert.Equal(seeded.ClusterArn, target.ClusterArn);
            Assert.Equal(seeded.TaskArn, target.TaskArn);
            Assert.Equal("prod", target.ClusterName);
            Assert.Equal(seeded.Account, target.Account);
            Assert.Equal(seeded.Region, target.Region);
            Assert.Equal(seeded.Account, target.Labels["__meta_ecs_account_id"]);
            Assert.Equal(seeded.Region, target.Labels["__meta_ecs_region"]);
            Assert.Equal(seeded.ClusterArn, target.Labels["__meta_ecs_cluster_arn"]);

            // SCOPE_LABELS is off: the visible labels are the seed's, without account_id and region.
            Assert.False(target.Labels.ContainsKey("account_id"));
            Assert.False(target.Labels.ContainsKey("region"));
        });

        // Each account-region is its own scope, named by account, role and region, and knows its account.
        Assert.Equal(
            Seed.Scopes.Select(s => $"{s.Account}|{s.Region}|True|1").OrderBy(s => s, StringComparer.Ordinal),
            result.Scopes.Select(s => $"{s.Account}|{s.Region}|{s.Up}|{s.Targets}").OrderBy(s => s, StringComparer.Ordinal));
        Assert.All(result.Scopes, s => Assert.Contains($"account {s.Account} (role arn:aws:iam::{s.Account}:role/ecs-discovery), region {s.Region}", s.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task R17_a_steady_round_costs_each_scope_its_own_listing_floor_on_its_own_session()
    {
        using var host = Connect(Seed.Hub, Parameters(Seed.MemberRoleArns));
        var log = new RecordingLoopLog();
        await host.DiscoverAsync(log, Timeout);
        var before = Seed.Scopes.ToDictionary(s => s, s => Counts(SessionOf(host, s)));

        var second = await host.DiscoverAsync(log, Timeout);

        Assert.Empty(second.Failures);
        Assert.Equal(ExpectedTargets(Seed.Scopes), TargetsOf(second.Targets));
        foreach (var scope in Seed.Scopes)
        {
            // The README's steady floor, per account-region: ListClusters (CLUSTERS unset) and one ListTasks page of
            // the one cluster; the task, its definition and its ENI address are cached in that scope's session.
            Assert.Equal(
                new Dictionary<string, long>
                {
                    ["ecs:ListClusters:Ok"] = 1,
                    ["ecs:ListTasks:Ok"] = 1,
                },
                Difference(Counts(SessionOf(host, scope)), before[scope]));
        }
    }

    [Fact]
    public async Task R17_a_role_whose_assumption_is_denied_fails_only_its_own_scopes_as_a_whole()
    {
        using var host = Connect(Seed.Hub, Parameters(Seed.MemberRoleArns.Append(Seed.DeniedRoleArn).ToList()));
        var log = new RecordingLoopLog();

        var result = await host.DiscoverAsync(log, Timeout);

        Assert.Equal(ExpectedTargets(Seed.Scopes), TargetsOf(result.Targets));
        Assert.False(result.FailedEntirely);
        Assert.Equal(2, result.Failures.Count);
        Assert.Equal(Regions.OrderBy(r => r, StringComparer.Ordinal), result.Failures.Select(f => f.Region).OrderBy(r => r, StringComparer.Ordinal));
        Assert.All(result.Failures, failure =>
        {
            // The whole account-region: every cluster of that account and region, and of no other.
            Assert.Equal("*", failure.Cluster);
            Assert.Equal("333333333333", failure.Account);
            Assert.Contains(Seed.DeniedRoleArn, failure.ScopeName, StringComparison.Ordinal);
            Assert.Contains(failure.Region!, failure.ScopeName, StringComparison.Ordinal);
            Assert.True(failure.Covers($"arn:aws:ecs:{failure.Region}:333333333333:cluster/prod"));
            Assert.False(failure.Covers($"arn:aws:ecs:{failure.Region}:111111111111:cluster/prod"));
            Assert.False(failure.Covers($"arn:aws:ecs:{Regions.Single(r => r != failure.Region)}:333333333333:cluster/prod"));

            var error = Assert.IsType<AwsApiException>(failure.Error);
            Assert.Equal(AwsCredentialFailure.AssumeRoleFailed, error.ErrorCode);
            Assert.Equal(AwsErrorKind.Authentication, error.Kind);
            Assert.Contains("not authorized to perform: sts:AssumeRole (AccessDenied)", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception of type", error.Message, StringComparison.Ordinal);
        });

        var denied = result.Scopes.Where(s => !s.Up).ToList();
        Assert.Equal(2, denied.Count);
        Assert.All(denied, s => Assert.Equal("333333333333", s.Account));
        Assert.Equal(4, result.Scopes.Count(s => s.Up && s.Targets == 1));

        // The message of each failure names the scope.
        Assert.Equal(2, log.Warnings.Count(w => w.Contains(Seed.DeniedRoleArn, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task R17_R10_a_role_denied_after_a_good_round_keeps_only_its_own_groups_in_the_files_while_the_others_update()
    {
        var parameters = Parameters(Seed.MemberRoleArns);
        parameters["OUTPUT_DIRECTORY"] = _directory;
        var log = new RecordingLoopLog();
        using (var first = Connect(Seed.Revocable, parameters))
        {
            var report = await first.ExportAsync(null, force: false, log, Timeout);
            Assert.Equal(RoundResult.Success, report.Result);
        }

        Assert.Equal(ExpectedTargets(Seed.Scopes), Written().Select(g => g.Target).OrderBy(t => t, StringComparer.Ordinal).ToList());
        var account2Before = Written().Where(g => g.Labels["__meta_ecs_account_id"] == "222222222222").Select(g => g.Target).ToList();
        Assert.Equal(2, account2Before.Count);

        // Revoked for new sessions only: credentials assumed before stay good until they expire, as in AWS, so the
        // next round is a new run (a one-off Export-EcsFileSd, or a loop restarted), which must assume the role again.
        await _moto.SetAssumableRolesAsync(Seed.RevocableUserName, Seed.MemberRoleArns[0]);
        try
        {
            using var second = Connect(Seed.Revocable, parameters);
            var report = await second.ExportAsync(null, force: false, log, Timeout);

            Assert.Equal(RoundResult.Partial, report.Result);
            Assert.Equal(2, report.Scopes.Count(s => !s.Up));
            Assert.All(report.Scopes.Where(s => !s.Up), s => Assert.Equal("222222222222", s.Account));
            Assert.Equal(ExpectedTargets(Seed.Scopes), Written().Select(g => g.Target).OrderBy(t => t, StringComparer.Ordinal).ToList());
            Assert.Equal(account2Before, Written().Where(g => g.Labels["__meta_ecs_account_id"] == "222222222222").Select(g => g.Target).ToList());
            Assert.Contains(log.Warnings, w => w.Contains(Seed.MemberRoleArns[1], StringComparison.Ordinal));
        }
        finally
        {
            await _moto.SetAssumableRolesAsync(Seed.RevocableUserName, Seed.MemberRoleArns.ToArray());
        }
    }

    [Fact]
    public async Task R17_SCOPES_hashtables_of_a_settings_file_with_their_own_regions_and_SCOPE_LABELS_give_visible_account_and_region_labels()
    {
        var file = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["SCOPES"] = new Hashtable[]
            {
                new() { ["Name"] = "first-us", ["RoleArn"] = Seed.MemberRoleArns[0], ["Regions"] = "us-east-1" },
                new() { ["RoleArn"] = Seed.MemberRoleArns[1], ["Regions"] = new object[] { "us-east-1", "eu-west-1" }, ["RoleSessionName"] = "fleet-scopes" },
            },
            ["SCOPE_LABELS"] = true,
            ["ENDPOINT_URL"] = _moto.Url,
        };
        var environment = new Dictionary<string, string> { ["DYNACONF_OUTPUT_DIRECTORY"] = _directory };
        var settings = SettingsResolver.Resolve(new Dictionary<string, object?>(), new SettingsFile(Path.Combine(_directory, "settings.psd1"), file), environment).Settings;
        settings.Connection.AccessKey = Seed.Hub.AccessKey;
        settings.Connection.SecretKey = Seed.Hub.SecretKey;
        using var host = DiscoveryHost.Connect(settings, "0.0.0-test", loop: false);

        var result = await host.DiscoverAsync(new RecordingLoopLog(), Timeout);

        var covered = Seed.Scopes.Where(s => s.Account == "222222222222" || s.Region == "us-east-1").ToList();
        Assert.Equal(3, covered.Count);
        Assert.Empty(result.Failures);
        Assert.Equal(ExpectedTargets(covered), TargetsOf(result.Targets));
        Assert.All(result.Targets, target =>
        {
            Assert.Equal(target.Account, target.Labels["account_id"]);
            Assert.Equal(target.Region, target.Labels["region"]);
            Assert.Equal(target.Account, target.Labels["__meta_ecs_account_id"]);
        });
        Assert.Contains(result.Scopes, s => s.Name.StartsWith("scope 'first-us': account 111111111111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R17_the_role_session_name_reaches_STS_and_the_credentials_are_the_role_account_s()
    {
        var parameters = Parameters(new[] { Seed.MemberRoleArns[1] });
        parameters["REGIONS"] = new[] { "eu-west-1" };
        parameters["ROLE_SESSION_NAME"] = "fleet-session";
        parameters["EXTERNAL_ID"] = "fleet-external-id";
        using var host = Connect(Seed.Hub, parameters);

        // The scope's own credentials, as its clients sign with them: moto says whose they are.
        var credentials = await host.Target!.Credentials.GetCredentialsAsync();
        using var sts = new AmazonSecurityTokenServiceClient(
            new Amazon.Runtime.SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _moto.Url, AuthenticationRegion = "eu-west-1" });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Timeout);

        Assert.Equal("222222222222", identity.Account);
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/ecs-discovery/fleet-session", identity.Arn);
        Assert.Equal(1, host.Target.AssumedRole!.Assumptions);
    }

    private static List<string> ExpectedTargets(IEnumerable<MotoFleetScope> scopes) =>
        scopes.Select(s => s.Address).OrderBy(a => a, StringComparer.Ordinal).ToList();

    private static List<string> TargetsOf(IEnumerable<ScrapeTarget> targets) =>
        targets.Select(t => t.Target).OrderBy(a => a, StringComparer.Ordinal).ToList();

    private static Dictionary<string, long> Counts(DiscoverySession session) =>
        session.Calls.Snapshot().ToDictionary(c => $"{c.Service}:{c.Operation}:{c.Outcome}", c => c.Count, StringComparer.Ordinal);

    private static Dictionary<string, long> Difference(Dictionary<string, long> after, Dictionary<string, long> before) =>
        after.Select(c => (c.Key, Value: c.Value - before.GetValueOrDefault(c.Key)))
            .Where(c => c.Value != 0)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    // Sessions are per endpoint, region and principal: the role's, in the scope's region, at this moto.
    private static DiscoverySession SessionOf(DiscoveryHost host, MotoFleetScope scope) =>
        DiscoveryHost.Sessions.Single(s => s.Endpoint == host.Target!.EcsEndpoint && s.Region == scope.Region && s.Principal == "role:" + scope.RoleArn);

    private Dictionary<string, object?> Parameters(IReadOnlyList<string> roleArns) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["ENDPOINT_URL"] = _moto.Url,
        ["REGIONS"] = Regions,
        ["ROLE_ARNS"] = roleArns.ToArray(),
    };

    // As a one-off cmdlet does: its parameters over the defaults, then the keys, which are no settings.
    private static DiscoveryHost Connect(MotoKeys keys, Dictionary<string, object?> parameters)
    {
        var settings = SettingsResolver.ResolveParameters(parameters).Settings;
        settings.Connection.AccessKey = keys.AccessKey;
        settings.Connection.SecretKey = keys.SecretKey;
        return DiscoveryHost.Connect(settings, "0.0.0-test", loop: false);
    }

    private IReadOnlyList<FileSdGroup> Written() => FileSdReader.ReadDirectory(_directory);
}
