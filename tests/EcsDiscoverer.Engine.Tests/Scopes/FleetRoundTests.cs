using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Scopes;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Scopes;

/// <summary>
/// R17 end to end through the one door (DiscoveryHost), against the emulator's accounts, regions and STS: a hub's
/// credentials assume a role in each member account, each role is discovered in two regions, and every account-region
/// has its own caches, budget and stale-while-error. Both members have a cluster named "prod", so nothing may be
/// keyed by cluster name alone.
/// </summary>
public class FleetRoundTests
{
    private const string Hub = "111111111111";
    private const string Member1 = "222222222222";
    private const string Member2 = "333333333333";
    private const string HubKey = "AKIDHUBEXAMPLE";
    private static readonly string[] Regions = { "us-east-1", "eu-west-1" };
    private static readonly string Role1 = Role(Member1);
    private static readonly string Role2 = Role(Member2);

    private static string Role(string account) => $"arn:aws:iam::{account}:role/discoverer";

    // Member accounts: a "prod" cluster in each region, with (account digit + region index + 1) marked Fargate tasks.
    private static string Scenario()
    {
        var scopes = new JsonArray();
        foreach (var account in new[] { Member1, Member2 })
        {
            for (var r = 0; r < Regions.Length; r++)
            {
                var tasks = new JsonArray();
                var count = (account[0] - '0') + r;
                for (var t = 0; t < count; t++)
                {
                    tasks.Add(Task(account, r, t));
                }

                scopes.Add(new JsonObject
                {
                    ["account"] = account,
                    ["region"] = Regions[r],
                    ["taskDefinitions"] = new JsonArray(JsonNode.Parse(
                        """{"family": "web", "revision": 1, "networkMode": "awsvpc", "status": "ACTIVE", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "app", "image": "app:1", "essential": true, "environment": [{"name": "PROMETHEUS", "value": "true"}, {"name": "PROMETHEUS_PORT", "value": "9100"}]}]}""")),
                    ["clusters"] = new JsonArray(new JsonObject { ["name"] = "prod", ["tasks"] = tasks }),
                });
            }
        }

        return new JsonObject { ["region"] = "us-east-1", ["accessKeys"] = new JsonObject { [HubKey] = Hub }, ["scopes"] = scopes }.ToJsonString();
    }

    private static JsonObject Task(string account, int region, int index) => new()
    {
        ["id"] = $"{account.Substring(0, 4)}{region}{index:D27}",
        ["taskDefinition"] = "web:1",
        ["launchType"] = "FARGATE",
        ["lastStatus"] = "RUNNING",
        ["desiredStatus"] = "RUNNING",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["type"] = "ElasticNetworkInterface",
            ["status"] = "ATTACHED",
            ["details"] = new JsonArray(new JsonObject { ["name"] = "privateIPv4Address", ["value"] = Address(account, region, index) }),
        }),
        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["lastStatus"] = "RUNNING" }),
    };

    private static string Address(string account, int region, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{account[0] - '0'}.{region}.{index + 10}");

    private static DiscoverySettings Settings(EcsEmulatorServer server, string directory, Action<DiscoverySettings>? change = null)
    {
        var settings = new DiscoverySettings { OutputDirectory = directory };
        settings.Connection.EndpointUrl = server.Endpoint.ToString();
        settings.Connection.AccessKey = HubKey;
        settings.Connection.SecretKey = "secret";
        settings.Connection.Region = "us-east-1";
        settings.Retry.MaxRetries = 1;
        settings.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        settings.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        settings.Fleet.RoleArns = new[] { Role1, Role2 };
        settings.Fleet.Regions = Regions;
        change?.Invoke(settings);
        return settings;
    }

    private static List<FileSdGroup> Written(string directory) => FileSdReader.ReadDirectory(directory).ToList();

    private static string ScopeOf(FileSdGroup group) => group.Labels["__meta_ecs_account_id"] + "/" + group.Labels["__meta_ecs_region"];

    [Fact(DisplayName = "R17: two roles x two regions: each account-region's targets, named by account and region; a steady round costs each its listing floor")]
    public async Task EveryScope()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario()));
        using var host = DiscoveryHost.Connect(Settings(server, directory.Path, s => s.Discovery.Rules.ScopeLabels = true), "test", loop: false);
        Assert.Equal(4, host.DescribeScopes().Count);
        Assert.Contains(host.DescribeScopes(), s => s.StartsWith($"account {Member2} (role {Role2}), region eu-west-1: credentials from role {Role2}, assumed with", StringComparison.Ordinal));

        var log = new RecordingLoopLog();
        var result = await host.DiscoverAsync(log, default);
        Assert.Empty(result.Failures);
        var byScope = result.Targets.GroupBy(t => t.Account + "/" + t.Region).ToDictionary(g => g.Key, g => g.Select(t => t.Target).OrderBy(a => a, StringComparer.Ordinal).ToList());
        foreach (var account in new[] { Member1, Member2 })
        {
            for (var r = 0; r < Regions.Length; r++)
            {
                var expected = Enumerable.Range(0, (account[0] - '0') + r).Select(i => Address(account, r, i) + ":9100").OrderBy(a => a, StringComparer.Ordinal);
                Assert.Equal(expected, byScope[account + "/" + Regions[r]]);
            }
        }

        var target = result.Targets.First(t => t.Account == Member2 && t.Region == "eu-west-1");
        Assert.Equal((Member2, "eu-west-1"), (target.Labels["account_id"], target.Labels["region"]));
        Assert.Equal((Member2, "eu-west-1"), (target.Labels["__meta_ecs_account_id"], target.Labels["__meta_ecs_region"]));
        Assert.Equal($"arn:aws:ecs:eu-west-1:{Member2}:cluster/prod", target.ClusterArn);

        // Steady: each account-region makes its listing floor, ListClusters and one ListTasks page, and nothing else.
        server.ResetCallCounts();
        var steady = await host.DiscoverAsync(new RecordingLoopLog(), default);
        Assert.Equal(result.Targets.Count, steady.Targets.Count);
        foreach (var account in new[] { Member1, Member2 })
        {
            foreach (var region in Regions)
            {
                var calls = server.CallCountsFor(account, region).Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value);
                Assert.Equal(new[] { "ecs:ListClusters=1", "ecs:ListTasks=1" }, calls);
            }
        }

        // The roles were assumed once per account-region (the hub made the calls), not once per call.
        Assert.Equal(0, server.CallCountsFor(Hub, "us-east-1").GetValueOrDefault("sts:AssumeRole"));
    }

    [Fact(DisplayName = "R17/R10: a role denied keeps only its own account's last good groups; the other accounts update")]
    public async Task DeniedRoleKeepsItsOwnScope()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario()));
        using var host = DiscoveryHost.Connect(Settings(server, directory.Path), "test", loop: false);
        var first = await host.ExportAsync(null, force: false, new RecordingLoopLog(), default);
        Assert.Equal(RoundResult.Success, first.Result);
        var before = Written(directory.Path);
        Assert.Equal(2 + 3 + 3 + 4, before.Count);

        // Member2's role is denied from now on (its credentials are renewed and refused); Member1 loses a task in eu-west-1.
        server.Scenario.DenyRole(Role2);
        server.ExpireCredentials();
        Assert.True(server.Scenario.Scope(Member1, "eu-west-1").RemoveTask("prod", $"{Member1.Substring(0, 4)}1{0:D27}"));
        var log = new RecordingLoopLog();
        var second = await host.ExportAsync(null, force: false, log, default);

        Assert.Equal(RoundResult.Partial, second.Result);
        var after = Written(directory.Path);
        Assert.Equal(before.Where(g => ScopeOf(g).StartsWith(Member2, StringComparison.Ordinal)).Select(g => g.Key).OrderBy(k => k, StringComparer.Ordinal),
            after.Where(g => ScopeOf(g).StartsWith(Member2, StringComparison.Ordinal)).Select(g => g.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(2, after.Count(g => ScopeOf(g) == Member1 + "/eu-west-1"));
        Assert.Equal(2, after.Count(g => ScopeOf(g) == Member1 + "/us-east-1"));
        Assert.Contains(log.Warnings, w => w.StartsWith($"Scope account {Member2} (role {Role2}), region us-east-1 could not be discovered", StringComparison.Ordinal) && w.Contains("AssumeRole", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w == $"Scope account {Member2} (role {Role2}), region eu-west-1 failed this round; kept its 4 target group(s) from the last good round.");
        Assert.Equal(new[] { false, false, true, true }, second.Scopes.Select(s => s.Up).OrderBy(u => u));
        Assert.Equal(
            new[] { $"account {Member2} (role {Role2}), region eu-west-1", $"account {Member2} (role {Role2}), region us-east-1" },
            second.FailedClusters.OrderBy(c => c, StringComparer.Ordinal));

        // Allowed again: the scope comes back on its own.
        server.Scenario.AllowRole(Role2);
        var third = await host.ExportAsync(null, force: false, new RecordingLoopLog(), default);
        Assert.Equal(RoundResult.Success, third.Result);
    }

    [Fact(DisplayName = "R17/R10: piped (Get-EcsPrometheusTarget | Export-EcsFileSd): a denied role's groups are kept from the files, the rest written as piped")]
    public async Task PipedKeepsTheDeniedScope()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario()));
        using var host = DiscoveryHost.Connect(Settings(server, directory.Path), "test", loop: false);
        Assert.Equal(RoundResult.Success, (await host.ExportAsync(null, false, new RecordingLoopLog(), default)).Result);
        var before = Written(directory.Path);

        server.Scenario.DenyRole(Role2);
        server.ExpireCredentials();
        var discovered = await host.DiscoverAsync(new RecordingLoopLog(), default);
        Assert.Equal(2, discovered.Failures.Count);

        // A pipeline that keeps only one region of the healthy account: the rest of it is gone from the files.
        var piped = discovered.Targets.Where(t => t.Region == "us-east-1").Select(FileSdGroup.From).ToList();
        var log = new RecordingLoopLog();
        var report = await host.ExportAsync(new PipedTargets(piped, discovered.Outcome), false, log, default);

        Assert.Equal(RoundResult.Partial, report.Result);
        var after = Written(directory.Path);
        Assert.Equal(before.Count(g => ScopeOf(g).StartsWith(Member2, StringComparison.Ordinal)), after.Count(g => ScopeOf(g).StartsWith(Member2, StringComparison.Ordinal)));
        Assert.Equal(2, after.Count(g => ScopeOf(g) == Member1 + "/us-east-1"));
        Assert.Equal(0, after.Count(g => ScopeOf(g) == Member1 + "/eu-west-1"));
        Assert.Contains(log.Warnings, w => w == $"Scope account {Member2} (role {Role2}), region eu-west-1 failed this round; kept its 4 target group(s) from the last good round.");
    }

    [Fact(DisplayName = "R17: one region throttled and one account denied through faults: those scopes keep their groups, the rest are fresh")]
    public async Task PerScopeFaults()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario()));
        using var host = DiscoveryHost.Connect(Settings(server, directory.Path), "test", loop: false);
        Assert.Equal(RoundResult.Success, (await host.ExportAsync(null, false, new RecordingLoopLog(), default)).Result);

        server.InjectFault(EmulatorFault.Throttling("ecs:*") with { Account = Member1, Region = "eu-west-1", Times = null });
        server.InjectFault(EmulatorFault.AccessDenied("ecs:ListClusters") with { Account = Member2, Region = "us-east-1", Times = null });
        server.ResetCallCounts();
        var log = new RecordingLoopLog();
        var report = await host.ExportAsync(null, false, log, default);

        Assert.Equal(RoundResult.Partial, report.Result);
        Assert.Equal(12, Written(directory.Path).Count);
        Assert.Equal(
            new[] { $"{Member1}/eu-west-1:down", $"{Member1}/us-east-1:up", $"{Member2}/eu-west-1:up", $"{Member2}/us-east-1:down" },
            report.Scopes.Select(s => $"{s.Account}/{s.Region}:{(s.Up ? "up" : "down")}").OrderBy(s => s, StringComparer.Ordinal));
        // The healthy account-regions were not slowed into extra calls by the others' faults.
        Assert.Equal(2, server.CallCountsFor(Member2, "eu-west-1").Values.Sum());
        Assert.Contains(log.Warnings, w => w.Contains($"region eu-west-1 could not be discovered", StringComparison.Ordinal) && w.Contains(Member1, StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R17: the cache file has a section per account-region; a new process starts warm in every one")]
    public async Task CacheFileSections()
    {
        using var directory = new TempDirectory();
        var cachePath = System.IO.Path.Combine(directory.Path, "cache", "ecs.cache");
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario()));
        using (var host = DiscoveryHost.Connect(Settings(server, directory.Path, s => s.CachePath = cachePath), "test", loop: false))
        {
            Assert.Equal(RoundResult.Success, (await host.ExportAsync(null, false, new RecordingLoopLog(), default)).Result);
        }

        var text = System.IO.File.ReadAllLines(cachePath);
        Assert.Equal(8, text.Length);
        Assert.All(text.Where((_, i) => i % 2 == 0), header => Assert.Contains(CacheFile.Format, header, StringComparison.Ordinal));

        // A new process: the sessions of this endpoint forget everything, as a cron run's would.
        foreach (var session in DiscoveryHost.Sessions.Where(s => s.Endpoint == server.Endpoint))
        {
            session.Caches.Clear();
            session.ForgetLoadedCacheFiles();
        }

        server.ResetCallCounts();
        var log = new RecordingLoopLog();
        using (var host = DiscoveryHost.Connect(Settings(server, directory.Path, s => s.CachePath = cachePath), "test", loop: false))
        {
            Assert.Equal(RoundResult.Success, (await host.ExportAsync(null, false, log, default)).Result);
        }

        Assert.Equal(4, log.VerboseLines.Count(l => l.StartsWith("Loaded the cache file", StringComparison.Ordinal)));
        Assert.Equal(0, server.CallCounts.GetValueOrDefault("ecs:DescribeTasks") + server.CallCounts.GetValueOrDefault("ecs:DescribeTaskDefinition"));
    }

    [Fact(DisplayName = "R17.2: the external id reaches STS: the role that asks for one is refused without it and assumed with it")]
    public async Task ExternalId()
    {
        var scenario = JsonNode.Parse(Scenario())!.AsObject();
        scenario["externalIds"] = new JsonObject { [Role2] = "fleet-7" };
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(scenario.ToJsonString()));

        using (var without = DiscoveryHost.Connect(Settings(server, directory.Path, s => s.Fleet.Regions = new[] { "us-east-1" }), "test", loop: false))
        {
            var refused = await without.DiscoverAsync(new RecordingLoopLog(), default);
            var failure = Assert.Single(refused.Failures);
            Assert.Equal(Member2, failure.Account);
            Assert.Contains("AssumeRole", failure.Error.Message, StringComparison.Ordinal);
            Assert.Equal(2, refused.Targets.Count);
        }

        using var with = DiscoveryHost.Connect(Settings(server, directory.Path, s => { s.Fleet.Regions = new[] { "us-east-1" }; s.Fleet.ExternalId = "fleet-7"; }), "test", loop: false);
        var assumed = await with.DiscoverAsync(new RecordingLoopLog(), default);
        Assert.Empty(assumed.Failures);
        Assert.Equal(2 + 3, assumed.Targets.Count);
    }

    [Fact(DisplayName = "R17: SCOPES, the full form: each entry's own regions, and a rate of its own beside the run's")]
    public async Task OwnBudget()
    {
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(Scenario()));
        using var host = DiscoveryHost.Connect(
            Settings(server, directory.Path, s =>
            {
                s.Fleet.RoleArns = Array.Empty<string>();
                s.Fleet.Scopes = new[]
                {
                    new ScopeSettings { RoleArn = Role1, Regions = new[] { "us-east-1" }, RequestsPerSecond = 3, Burst = 4 },
                    new ScopeSettings { RoleArn = Role2, Regions = new[] { "us-east-1" } },
                };
            }),
            "test",
            loop: false);
        var result = await host.DiscoverAsync(new RecordingLoopLog(), default);
        Assert.Equal(2 + 3, result.Targets.Count);
        Assert.Equal(new[] { Member1 + "/us-east-1", Member2 + "/us-east-1" }, result.Scopes.Select(s => s.Account + "/" + s.Region).OrderBy(s => s, StringComparer.Ordinal));
    }
}

/// <summary>R17.2 in time: assumed credentials are renewed before they expire, never used expired.</summary>
[Collection(Faults.FaultTimingGroup.Name)]
public class AssumedRoleRenewalTests
{
    [Fact(DisplayName = "R17.2: credentials that live 3 s are renewed before they expire: no call is refused, the role is assumed again")]
    public async Task RenewsBeforeExpiry()
    {
        const string Role = "arn:aws:iam::222222222222:role/discoverer";
        var scenario = """
            {"region": "us-east-1", "credentialLifetimeSeconds": 3,
             "scopes": [{"account": "222222222222", "region": "us-east-1", "clusters": [{"name": "prod"}]}]}
            """;
        using var directory = new TempDirectory();
        await using var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(scenario));
        var settings = new DiscoverySettings { OutputDirectory = directory.Path };
        settings.Connection.EndpointUrl = server.Endpoint.ToString();
        settings.Connection.AccessKey = "AKIDHUB";
        settings.Connection.SecretKey = "secret";
        settings.Connection.Region = "us-east-1";
        settings.Retry.MaxRetries = 0;
        settings.Fleet.RoleArns = new[] { Role };
        using var host = DiscoveryHost.Connect(settings, "test", loop: false);

        var assumed = 0;
        for (var round = 0; round < 4; round++)
        {
            var result = await host.DiscoverAsync(new RecordingLoopLog(), default);
            Assert.Empty(result.Failures);
            await Task.Delay(TimeSpan.FromSeconds(1.2));
        }

        foreach (var scope in server.CallCountsByScope.Values)
        {
            assumed += scope.GetValueOrDefault("sts:AssumeRole");
        }

        // About 5 s with credentials of 3 s renewed a second before expiry: assumed at least twice, and not for each of the 8 calls.
        Assert.InRange(assumed, 2, 6);
        Assert.DoesNotContain(server.CallCountsByScope.Values.SelectMany(c => c.Keys), k => k.Contains("Expired", StringComparison.Ordinal));
    }
}
