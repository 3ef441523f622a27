using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EcsDiscoverer.Emulator;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// Issue 13: the emulator as a fleet of accounts and regions. The account comes from the request's access key
/// (STS-issued, mapped by the scenario, or the default), the region from its credential scope; STS AssumeRole
/// and GetCallerIdentity answer at the same URL; faults, counts and rate limits are per account and region.
/// </summary>
public class FleetEmulatorTests
{
    private const string Hub = "111111111111";
    private const string Apps = "222222222222";
    private const string Locked = "333333333333";
    private const string AppsRole = "arn:aws:iam::222222222222:role/discoverer";
    private const string LockedRole = "arn:aws:iam::333333333333:role/discoverer";
    private const string OpenRole = "arn:aws:iam::444444444444:role/ops/discoverer";

    // So slow that no token comes back while a test runs: the counts below are exact.
    private const double Trickle = 0.001;

    private const string Fleet = """
        {
          "region": "us-east-1",
          "accessKeys": { "AKIDHUB": "111111111111", "AKID222": "222222222222", "AKID333": "333333333333" },
          "deniedRoles": [ "arn:aws:iam::333333333333:role/discoverer" ],
          "externalIds": { "arn:aws:iam::222222222222:role/discoverer": "fleet-7" },
          "clusters": [ { "name": "default-cluster" } ],
          "scopes": [
            { "account": "111111111111", "clusters": [ { "name": "hub" } ] },
            { "account": "222222222222", "region": "us-east-1",
              "instances": [ { "instanceId": "i-0222", "privateIpAddress": "10.2.0.1" } ],
              "taskDefinitions": [ { "family": "web", "revision": 1, "networkMode": "bridge",
                  "containerDefinitions": [ { "name": "app", "portMappings": [ { "containerPort": 8080, "hostPort": 0 } ] } ] } ],
              "clusters": [ { "name": "apps", "containerInstances": [ { "id": "ci-1", "ec2InstanceId": "i-0222" } ],
                  "tasks": [ { "id": "t-1", "taskDefinition": "web:1", "containerInstance": "ci-1" } ] } ] },
            { "account": "222222222222", "region": "eu-west-1", "clusters": [ { "name": "apps-eu" } ] },
            { "account": "333333333333", "region": "us-east-1", "clusters": [ { "name": "locked" } ] }
          ]
        }
        """;

    private static Task<EcsEmulatorServer> StartAsync(string scenario = Fleet, TimeProvider? clock = null) =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(scenario), clock: clock);

    private static AmazonSecurityTokenServiceClient Sts(EcsEmulatorServer emulator, AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static AmazonSecurityTokenServiceClient Sts(EcsEmulatorServer emulator, string accessKey) => Sts(emulator, new BasicAWSCredentials(accessKey, "secret"));

    private static AmazonEC2Client Ec2(EcsEmulatorServer emulator, AWSCredentials credentials, string region) =>
        new(credentials, new AmazonEC2Config { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });

    private static async Task<List<string>> ClusterArnsAsync(EmulatorClient client) =>
        (await client.EcsOkAsync("ListClusters"))["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    private static async Task<(HttpStatusCode Status, JsonObject Body)> EcsErrorAsync(EmulatorClient client, string operation, string json = "{}")
    {
        using var response = await client.EcsAsync(operation, json);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static async Task<(HttpStatusCode Status, string Code)> Ec2ErrorAsync(EmulatorClient client)
    {
        using var response = await client.DescribeInstancesAsync();
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? "" : XElement.Parse(body).Descendants("Code").Single().Value);
    }

    private static AssumeRoleRequest Assume(string role, string? externalId = null, int? duration = null) => new()
    {
        RoleArn = role,
        RoleSessionName = "fleet",
        ExternalId = externalId,
        DurationSeconds = duration,
    };

    [Theory(DisplayName = "Fleet: the access key picks the account (scenario accessKeys, else 123456789012), for ECS ARNs and GetCallerIdentity alike")]
    [InlineData("AKIDEXAMPLE", "123456789012", "default-cluster")]
    [InlineData("AKIDHUB", Hub, "hub")]
    [InlineData("AKIDANYTHINGELSE", "123456789012", "default-cluster")]
    public async Task AccessKeyPicksTheAccount(string accessKey, string account, string cluster)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint, accessKey);
        Assert.Equal([$"arn:aws:ecs:us-east-1:{account}:cluster/{cluster}"], await ClusterArnsAsync(client));

        using var sts = Sts(emulator, accessKey);
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(account, identity.Account);
        Assert.Equal($"arn:aws:iam::{account}:user/emulator", identity.Arn);
        Assert.Equal(1, emulator.CallCountsFor(account, "us-east-1")["sts:GetCallerIdentity"]);
    }

    [Theory(DisplayName = "Fleet: the region comes from the credential scope; a region nobody seeded is an empty account, not an error")]
    [InlineData("us-east-1", "apps")]
    [InlineData("eu-west-1", "apps-eu")]
    [InlineData("ap-south-1", null)]
    public async Task RegionFromCredentialScope(string region, string? cluster)
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint, "AKID222", region);
        Assert.Equal(cluster is null ? [] : [$"arn:aws:ecs:{region}:{Apps}:cluster/{cluster}"], await ClusterArnsAsync(client));
        Assert.Equal(1, emulator.CallCountsFor(Apps, region)["ecs:ListClusters"]);
    }

    [Fact(DisplayName = "STS: AssumeRole through AWSSDK.SecurityToken issues credentials that act in the role's account, for ECS, EC2 and GetCallerIdentity")]
    public async Task AssumeRoleActsInTheRolesAccount()
    {
        var clock = new ManualClock();
        await using var emulator = await StartAsync(clock: clock);
        using var hub = Sts(emulator, "AKIDHUB");
        var assumed = await hub.AssumeRoleAsync(Assume(AppsRole, "fleet-7", duration: 900));

        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.NotEmpty(assumed.Credentials.SecretAccessKey);
        Assert.NotEmpty(assumed.Credentials.SessionToken);
        Assert.Equal(clock.GetUtcNow().AddSeconds(900).UtcDateTime, assumed.Credentials.Expiration!.Value.ToUniversalTime());
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/discoverer/fleet", assumed.AssumedRoleUser.Arn);
        Assert.EndsWith(":fleet", assumed.AssumedRoleUser.AssumedRoleId, StringComparison.Ordinal);
        Assert.Equal(1, emulator.CallCountsFor(Hub, "us-east-1")["sts:AssumeRole"]);

        var credentials = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        using (var ecs = new EmulatorClient(emulator.Endpoint, assumed.Credentials.AccessKeyId, "eu-west-1", assumed.Credentials.SessionToken))
        {
            Assert.Equal([$"arn:aws:ecs:eu-west-1:{Apps}:cluster/apps-eu"], await ClusterArnsAsync(ecs));
        }

        using (var ecs = new EmulatorClient(emulator.Endpoint, assumed.Credentials.AccessKeyId, "us-east-1", assumed.Credentials.SessionToken))
        {
            var tasks = await ecs.EcsOkAsync("ListTasks", """{"cluster":"apps"}""");
            Assert.Equal($"arn:aws:ecs:us-east-1:{Apps}:task/apps/t-1", tasks["taskArns"]![0]!.GetValue<string>());
        }

        using var ec2 = Ec2(emulator, credentials, "us-east-1");
        var reservation = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations.Single();
        Assert.Equal(Apps, reservation.OwnerId);
        Assert.Equal("10.2.0.1", reservation.Instances.Single().PrivateIpAddress);

        using var asRole = Sts(emulator, credentials);
        var identity = await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal((Apps, assumed.AssumedRoleUser.Arn, assumed.AssumedRoleUser.AssumedRoleId), (identity.Account, identity.Arn, identity.UserId));
    }

    [Theory(DisplayName = "STS: AssumeRole refusals in STS's error XML, as the SDK reads them: denied role, external id missing or wrong, bad ARN, bad duration")]
    [InlineData(LockedRole, null, null, "AccessDenied", 403)]
    [InlineData(AppsRole, null, null, "AccessDenied", 403)]
    [InlineData(AppsRole, "fleet-8", null, "AccessDenied", 403)]
    [InlineData("arn:aws:iam::222222222222:user/discoverer", null, null, "ValidationError", 400)]
    [InlineData(OpenRole, null, 60, "ValidationError", 400)]
    [InlineData(OpenRole, null, 43201, "ValidationError", 400)]
    public async Task AssumeRoleRefusals(string role, string? externalId, int? duration, string code, int status)
    {
        await using var emulator = await StartAsync();
        using var hub = Sts(emulator, "AKIDHUB");
        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => hub.AssumeRoleAsync(Assume(role, externalId, duration)));
        Assert.Equal((code, (HttpStatusCode)status), (error.ErrorCode, error.StatusCode));
        if (code == "AccessDenied")
        {
            Assert.Equal($"User: arn:aws:iam::{Hub}:user/emulator is not authorized to perform: sts:AssumeRole on resource: {role}", error.Message);
        }
    }

    [Fact(DisplayName = "STS: errors have STS's shape, ErrorResponse/Error{Type,Code,Message}/RequestId in the 2011-06-15 namespace")]
    public async Task StsErrorShape()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Action"] = "AssumeRole", ["Version"] = "2011-06-15", ["RoleArn"] = LockedRole, ["RoleSessionName"] = "s1",
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDHUB/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        XNamespace ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        var root = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ns + "ErrorResponse", root.Name);
        var error = root.Element(ns + "Error")!;
        Assert.Equal(("Sender", "AccessDenied"), (error.Element(ns + "Type")!.Value, error.Element(ns + "Code")!.Value));
        Assert.Contains("sts:AssumeRole", error.Element(ns + "Message")!.Value, StringComparison.Ordinal);
        Assert.NotEmpty(root.Element(ns + "RequestId")!.Value);
    }

    [Fact(DisplayName = "STS: a control endpoint denies a role at run time and allows it again")]
    public async Task DenyThenAllow()
    {
        await using var emulator = await StartAsync();
        using var control = new EmulatorClient(emulator.Endpoint);
        using var hub = Sts(emulator, "AKIDHUB");
        await hub.AssumeRoleAsync(Assume(OpenRole));

        Assert.Equal(HttpStatusCode.NoContent, (await control.ControlAsync(HttpMethod.Post, "/_emulator/sts/denied-roles", $$"""{"roleArn":"{{OpenRole}}"}""")).Status);
        var settings = (await control.ControlAsync(HttpMethod.Get, "/_emulator/sts")).Body!;
        Assert.Contains(OpenRole, settings["deniedRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => hub.AssumeRoleAsync(Assume(OpenRole)));
        Assert.Equal("AccessDenied", denied.ErrorCode);

        Assert.Equal(HttpStatusCode.NoContent, (await control.ControlAsync(HttpMethod.Delete, "/_emulator/sts/denied-roles?roleArn=" + Uri.EscapeDataString(OpenRole))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await control.ControlAsync(HttpMethod.Delete, "/_emulator/sts/denied-roles?roleArn=" + Uri.EscapeDataString(OpenRole))).Status);
        await hub.AssumeRoleAsync(Assume(OpenRole));
        Assert.Equal(HttpStatusCode.BadRequest, (await control.ControlAsync(HttpMethod.Post, "/_emulator/sts/denied-roles", """{"roleArn":"not-a-role"}""")).Status);
    }

    [Fact(DisplayName = "STS: credentials expire after the scenario's lifetime: ECS ExpiredTokenException, EC2 RequestExpired, STS ExpiredToken; assuming again renews them")]
    public async Task ExpiryAndRenewal()
    {
        var clock = new ManualClock();
        await using var emulator = await StartAsync("{ \"credentialLifetimeSeconds\": 60, " + Fleet.TrimStart()[1..], clock);
        using var hub = Sts(emulator, "AKIDHUB");

        // The scenario's lifetime wins over the DurationSeconds the client asks for.
        var first = (await hub.AssumeRoleAsync(Assume(OpenRole, duration: 3600))).Credentials;
        Assert.Equal(clock.GetUtcNow().AddSeconds(60).UtcDateTime, first.Expiration!.Value.ToUniversalTime());
        using var ecs = new EmulatorClient(emulator.Endpoint, first.AccessKeyId, "us-east-1", first.SessionToken);
        await ecs.EcsOkAsync("ListClusters");

        clock.Advance(TimeSpan.FromSeconds(60));
        var (status, body) = await EcsErrorAsync(ecs, "ListClusters");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}""", body.ToJsonString());
        Assert.Equal((HttpStatusCode.BadRequest, "RequestExpired"), await Ec2ErrorAsync(ecs));
        using var expired = Sts(emulator, new SessionAWSCredentials(first.AccessKeyId, first.SecretAccessKey, first.SessionToken));
        Assert.Equal("ExpiredToken", (await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => expired.GetCallerIdentityAsync(new GetCallerIdentityRequest()))).ErrorCode);
        Assert.Equal(2, emulator.CallCountsFor("444444444444", "us-east-1")["ecs:ListClusters"]);

        var second = (await hub.AssumeRoleAsync(Assume(OpenRole))).Credentials;
        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
        using var renewed = new EmulatorClient(emulator.Endpoint, second.AccessKeyId, "us-east-1", second.SessionToken);
        await renewed.EcsOkAsync("ListClusters");

        // Expiring by hand, without waiting for the lifetime.
        Assert.Equal(HttpStatusCode.OK, (await renewed.ControlAsync(HttpMethod.Post, "/_emulator/sts/expire")).Status);
        Assert.Equal("ExpiredTokenException", (await EcsErrorAsync(renewed, "ListClusters")).Body["__type"]!.GetValue<string>());
    }

    [Fact(DisplayName = "STS: issued keys without their session token are unknown credentials (UnrecognizedClientException, AuthFailure)")]
    public async Task IssuedKeyWithoutSessionToken()
    {
        await using var emulator = await StartAsync();
        using var hub = Sts(emulator, "AKIDHUB");
        var credentials = (await hub.AssumeRoleAsync(Assume(OpenRole))).Credentials;
        using var client = new EmulatorClient(emulator.Endpoint, credentials.AccessKeyId);
        Assert.Equal((HttpStatusCode.BadRequest, "UnrecognizedClientException"), await EcsErrorAsync(client, "ListClusters") is var (s, b) ? (s, b["__type"]!.GetValue<string>()) : default);
        Assert.Equal((HttpStatusCode.Unauthorized, "AuthFailure"), await Ec2ErrorAsync(client));
    }

    public static TheoryData<string, string, string?> ScopedFaultCases() => new()
    {
        // account, region, the ECS error it gets (null: served)
        { Apps, "eu-west-1", "ThrottlingException" },
        { Apps, "us-east-1", null },
        { Hub, "eu-west-1", null },
        { Locked, "us-east-1", "AccessDeniedException" },
        { Locked, "eu-west-1", "AccessDeniedException" },
    };

    [Theory(DisplayName = "Faults: account and region selectors, through POST /_emulator/faults: one region throttled, one account denied, the rest untouched")]
    [MemberData(nameof(ScopedFaultCases))]
    public async Task ScopedFaults(string account, string region, string? ecsError)
    {
        await using var emulator = await StartAsync();
        using var control = new EmulatorClient(emulator.Endpoint);
        Assert.Equal(HttpStatusCode.NoContent, (await control.ControlAsync(HttpMethod.Post, "/_emulator/faults",
            """{"kind":"throttling","operation":"ecs:*","account":"222222222222","region":"eu-west-1","persistent":true}""")).Status);
        emulator.InjectFault(EmulatorFault.AccessDenied("*") with { Account = Locked, Times = null });

        var key = account == Hub ? "AKIDHUB" : "AKID" + account[..3];
        using var client = new EmulatorClient(emulator.Endpoint, key, region);
        for (var round = 0; round < 2; round++)
        {
            var (status, body) = await EcsErrorAsync(client, "ListClusters");
            Assert.Equal(ecsError, status == HttpStatusCode.OK ? null : body["__type"]!.GetValue<string>());
            if (ecsError == "AccessDeniedException")
            {
                // The denial names the caller in its own account, as AWS's does.
                Assert.StartsWith($"User: arn:aws:sts::{account}:assumed-role/", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }

        // The throttle was for ECS only; the denial is for every service of the account.
        Assert.Equal(account == Locked ? (HttpStatusCode.Forbidden, "UnauthorizedOperation") : (HttpStatusCode.OK, ""), await Ec2ErrorAsync(client));

        // STS calls count in the caller's account: the hub can still assume a role in the denied account's neighbour.
        using var hub = Sts(emulator, "AKIDHUB");
        await hub.AssumeRoleAsync(Assume(OpenRole));
    }

    [Fact(DisplayName = "Faults: an account or region that is not an id or region name is refused with 400")]
    public async Task ScopedFaultValidation()
    {
        await using var emulator = await StartAsync();
        using var control = new EmulatorClient(emulator.Endpoint);
        Assert.Equal(HttpStatusCode.BadRequest, (await control.ControlAsync(HttpMethod.Post, "/_emulator/faults", """{"kind":"throttling","operation":"*","account":"2222"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await control.ControlAsync(HttpMethod.Post, "/_emulator/faults", """{"kind":"throttling","operation":"*","region":"Mars"}""")).Status);
        Assert.Throws<ArgumentException>(() => emulator.InjectFault(EmulatorFault.Throttling("ecs:*") with { Region = "eu west 1" }));
    }

    [Fact(DisplayName = "Counts and rate limits per account and region: a region's empty bucket leaves the other region served; counts by scope, filtered and reset")]
    public async Task PerScopeCountsAndBuckets()
    {
        await using var emulator = await StartAsync();
        emulator.SetThrottle(Trickle, burst: 2);
        using var east = new EmulatorClient(emulator.Endpoint, "AKID222", "us-east-1");
        using var west = new EmulatorClient(emulator.Endpoint, "AKID222", "eu-west-1");
        var eastStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await east.EcsAsync("ListClusters");
            eastStatuses.Add(response.StatusCode);
        }

        await west.EcsOkAsync("ListClusters");
        await west.EcsOkAsync("ListClusters");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest], eastStatuses);

        Assert.Equal(new Dictionary<string, int> { ["ecs:ListClusters"] = 3, ["throttled:ecs:ListClusters"] = 1 }, emulator.CallCountsFor(Apps, "us-east-1"));
        Assert.Equal(new Dictionary<string, int> { ["ecs:ListClusters"] = 2 }, emulator.CallCountsFor(Apps, "eu-west-1"));
        Assert.Equal(5, emulator.CallCounts["ecs:ListClusters"]);
        Assert.Equal([new AwsScope(Apps, "eu-west-1"), new AwsScope(Apps, "us-east-1")], emulator.CallCountsByScope.Keys.OrderBy(s => s.Region));

        var filtered = (await east.ControlAsync(HttpMethod.Get, "/_emulator/calls?account=222222222222&region=eu-west-1")).Body!;
        Assert.Equal("""{"ecs:ListClusters":2}""", filtered.ToJsonString());
        Assert.Equal(5, (await east.ControlAsync(HttpMethod.Get, "/_emulator/calls?account=222222222222")).Body!["ecs:ListClusters"]!.GetValue<int>());
        var byScope = (await east.ControlAsync(HttpMethod.Get, "/_emulator/calls/by-scope")).Body!;
        Assert.Equal(1, byScope["222222222222/us-east-1"]!["throttled:ecs:ListClusters"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.NoContent, (await east.ControlAsync(HttpMethod.Post, "/_emulator/calls/reset?region=us-east-1")).Status);
        Assert.Empty(emulator.CallCountsFor(Apps, "us-east-1"));
        Assert.Equal(2, emulator.CallCountsFor(Apps, "eu-west-1")["ecs:ListClusters"]);
    }

    [Fact(DisplayName = "Control endpoints: ?account=&region= select where clusters, task definitions and tasks go; without them the default scope; /_emulator/scopes reports listing floors")]
    public async Task ControlSelectors()
    {
        await using var emulator = await StartAsync();
        using var control = new EmulatorClient(emulator.Endpoint);
        const string Where = "?account=222222222222&region=eu-west-1";
        var created = await control.ControlAsync(HttpMethod.Post, "/_emulator/clusters" + Where, """{"name":"c9"}""");
        Assert.Equal("arn:aws:ecs:eu-west-1:222222222222:cluster/c9", created.Body!["clusterArn"]!.GetValue<string>());
        var definition = await control.ControlAsync(HttpMethod.Post, "/_emulator/task-definitions" + Where,
            """{"family":"api","revision":1,"networkMode":"awsvpc","containerDefinitions":[{"name":"app","portMappings":[{"containerPort":9090}]}]}""");
        Assert.Equal("arn:aws:ecs:eu-west-1:222222222222:task-definition/api:1", definition.Body!["taskDefinitionArn"]!.GetValue<string>());
        var started = await control.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c9/tasks" + Where, """{"count":150,"taskDefinition":"api"}""");
        Assert.Equal(HttpStatusCode.Created, started.Status);

        // The cluster is not in the default scope.
        Assert.Equal(HttpStatusCode.NotFound, (await control.ControlAsync(HttpMethod.Post, "/_emulator/clusters/c9/tasks", """{"taskDefinition":"api"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await control.ControlAsync(HttpMethod.Post, "/_emulator/clusters?account=12", """{"name":"x"}""")).Status);

        using var west = new EmulatorClient(emulator.Endpoint, "AKID222", "eu-west-1");
        var (arns, pages) = await west.ListAllTasksAsync("c9");
        Assert.Equal((150, 2), (arns.Count, pages));
        Assert.All(arns, arn => Assert.StartsWith("arn:aws:ecs:eu-west-1:222222222222:task/c9/", arn, StringComparison.Ordinal));

        var scopes = (await control.ControlAsync(HttpMethod.Get, "/_emulator/scopes")).Body!.AsArray();
        var apps = scopes.Single(s => s!["account"]!.GetValue<string>() == Apps && s["region"]!.GetValue<string>() == "eu-west-1")!;
        Assert.Equal((2, 150, 1 + 1 + 2), (apps["clusters"]!.GetValue<int>(), apps["runningTasks"]!.GetValue<int>(), apps["listingFloor"]!.GetValue<int>()));
        Assert.Equal("123456789012", scopes[0]!["account"]!.GetValue<string>());
        Assert.Equal(5, scopes.Count);
    }

    [Theory(DisplayName = "Scenario format: scopes and STS settings are checked, a typo fails loudly")]
    [InlineData("""{"scopes":[{"account":"1","clusters":[]}]}""", "12-digit")]
    [InlineData("""{"scopes":[{"account":"222222222222","region":"eu-west-1"},{"account":"222222222222","region":"eu-west-1"}]}""", "twice")]
    [InlineData("""{"clusters":[{"name":"a"}],"scopes":[{"account":"123456789012","region":"us-east-1"}]}""", "twice")]
    [InlineData("""{"scopes":[{"account":"222222222222","cluster":[]}]}""", "unknown field \"cluster\"")]
    [InlineData("""{"accessKeys":{"AKID":"abc"}}""", "12-digit")]
    [InlineData("""{"deniedRoles":["arn:aws:iam::222222222222:user/x"]}""", "role ARN")]
    [InlineData("""{"externalIds":{"arn:aws:iam::222222222222:role/x":7}}""", "strings")]
    [InlineData("""{"credentialLifetimeSeconds":0}""", "credentialLifetimeSeconds")]
    public void ScenarioFormatErrors(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => EmulatorScenario.Parse(json));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Scenario format: the default scope can be given in scopes instead of at the top level; views of a scope share the state")]
    public void DefaultScopeInScopesAndViews()
    {
        var scenario = EmulatorScenario.Parse("""{"region":"eu-west-1","scopes":[{"region":"eu-west-1","clusters":[{"name":"a"}]},{"account":"222222222222","clusters":[{"name":"b"}]}]}""");
        Assert.True(scenario.HasCluster("a"));
        Assert.Equal([new AwsScope("123456789012", "eu-west-1"), new AwsScope(Apps, "eu-west-1")], scenario.Scopes);
        var apps = scenario.Scope(Apps, "eu-west-1");
        Assert.True(apps.HasCluster("arn:aws:ecs:eu-west-1:222222222222:cluster/b"));
        apps.AddCluster("c");
        Assert.True(scenario.Scope(Apps, "eu-west-1").HasCluster("c"));
        Assert.False(scenario.HasCluster("c"));
        Assert.Throws<ArgumentException>(() => scenario.Scope("x", "eu-west-1"));
    }

    public static TheoryData<string> ScenarioFiles() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.json").Select(Path.GetFileName).ToArray()!);

    [Theory(DisplayName = "Scenario format: every existing scenario file still loads, as the one default account and region")]
    [MemberData(nameof(ScenarioFiles))]
    public void ExistingScenarioFilesLoad(string file)
    {
        var scenario = EmulatorScenario.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));
        Assert.Equal([new AwsScope(AwsScope.DefaultAccount, scenario.Region)], scenario.Scopes);
    }

    [Fact(DisplayName = "Generator: a fleet of 5 accounts x 4 regions and 20,000 tasks; one listing round of each scope costs exactly its listing floor")]
    public async Task GeneratedFleet()
    {
        var options = ScenarioGeneratorOptions.Parse("accounts=5,regions=4,clusters=3,tasks=20000,families=4,instances=5,fargate-percent=20");
        var generated = ScenarioGenerator.Generate(options);
        Assert.Equal(generated.Json, ScenarioGenerator.Generate(ScenarioGeneratorOptions.Parse(options.ToString())).Json);
        Assert.Equal(20, generated.Scopes.Count);
        Assert.Equal(20, generated.Scopes.Select(s => (s.Account, s.Region)).Distinct().Count());
        Assert.Equal((20_000, 4_000), (generated.Tasks, generated.FargateTasks));
        Assert.All(generated.Scopes, scope => Assert.Equal((1000, 13), (scope.Tasks, scope.ListingFloor)));
        Assert.Contains("over 20 scopes (5 accounts x 4 regions)", generated.Summary, StringComparison.Ordinal);

        // Addresses are unique over the whole fleet, so every task stays a distinct target.
        var json = JsonNode.Parse(generated.Json)!.AsObject();
        var addresses = json["scopes"]!.AsArray().SelectMany(s => s!["instances"]!.AsArray()).Select(i => i!["privateIpAddress"]!.GetValue<string>()).ToList();
        Assert.Equal(addresses.Count, addresses.Distinct().Count());

        await using var emulator = await EcsEmulatorServer.StartAsync(generated.ToScenario());
        foreach (var scope in generated.Scopes)
        {
            using var client = new EmulatorClient(emulator.Endpoint, ScenarioGeneratorOptions.AccessKeyOf(scope.Account), scope.Region);
            var clusters = await ClusterArnsAsync(client);
            var tasks = 0;
            foreach (var cluster in clusters)
            {
                Assert.StartsWith($"arn:aws:ecs:{scope.Region}:{scope.Account}:cluster/", cluster, StringComparison.Ordinal);
                tasks += (await client.ListAllTasksAsync(cluster)).Arns.Count;
            }

            Assert.Equal(scope.Tasks, tasks);
            Assert.Equal(scope.ListingFloor, emulator.CallCountsFor(scope.Account, scope.Region).Values.Sum());
        }

        Assert.Equal(20, emulator.CallCountsByScope.Count);
        using var control = new EmulatorClient(emulator.Endpoint);
        var floors = (await control.ControlAsync(HttpMethod.Get, "/_emulator/scopes")).Body!.AsArray();
        Assert.All(floors, f => Assert.Equal(13, f!["listingFloor"]!.GetValue<int>()));
    }

    [Fact(DisplayName = "Generator: one account and region writes the single-account format, without scopes or accessKeys")]
    public void GeneratedSingleScope()
    {
        var generated = ScenarioGenerator.Generate(ScenarioGeneratorOptions.Parse("clusters=2,tasks=10,region=eu-west-1"));
        var json = JsonNode.Parse(generated.Json)!.AsObject();
        Assert.Equal(["description", "region", "instances", "taskDefinitions", "clusters"], json.Select(p => p.Key));
        Assert.DoesNotContain("accounts=", generated.Options.ToString(), StringComparison.Ordinal);
        Assert.Equal(new GeneratedScope(AwsScope.DefaultAccount, "eu-west-1", [5, 5]).ListingFloor, generated.Scopes.Single().ListingFloor);
    }
}
