using System.Collections;
using System.Linq;
using EcsDiscoverer.Engine.Scopes;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Scopes;

/// <summary>R17: how SCOPES reads, from a .psd1 (hashtables), a -Scope parameter and the environment (JSON).</summary>
public class ScopeSettingsReaderTests
{
    private const string Role = "arn:aws:iam::111122223333:role/ecs-discovery";

    public static TheoryData<string, object, string> Problems => new()
    {
        { "not a list", 5, "is not a list of scopes" },
        { "entry not a hashtable", new object[] { "eu-west-1" }, "entry 1 is not a hashtable" },
        { "unknown key names the known ones", new object[] { new Hashtable { ["RoleArm"] = Role } }, "entry 1: unknown key 'RoleArm': a scope may have Name, ProfileName, RoleArn" },
        { "role ARN of another service", new object[] { new Hashtable { ["RoleArn"] = "arn:aws:ecs:us-east-1:111122223333:cluster/x" } }, "entry 1: RoleArn 'arn:aws:ecs:us-east-1:111122223333:cluster/x' is not an IAM role ARN" },
        { "role ARN without account", new object[] { new Hashtable { ["RoleArn"] = "arn:aws:iam:::role/x" } }, "is not an IAM role ARN" },
        { "external id without a role", new object[] { new Hashtable { ["ExternalId"] = "x1" } }, "entry 1: ExternalId needs RoleArn" },
        { "session name without a role", new object[] { new Hashtable { ["RoleSessionName"] = "me" } }, "entry 1: RoleSessionName needs RoleArn" },
        { "session name with a space", new object[] { new Hashtable { ["RoleArn"] = Role, ["RoleSessionName"] = "a b" } }, "is not a valid role session name" },
        { "empty region entry", new object[] { new Hashtable { ["Regions"] = new object[] { "eu-west-1", "" } } }, "entry 1: Regions has an empty entry" },
        { "rate of zero", new object[] { new Hashtable { ["RequestsPerSecond"] = 0 } }, "entry 1: RequestsPerSecond is not a number above 0" },
        { "burst of text", new object[] { new Hashtable { ["Burst"] = "lots" } }, "entry 1: Burst is not a whole number" },
        { "empty name", new object[] { new Hashtable { ["Name"] = " " } }, "entry 1: Name must be non-empty text" },
        { "the second entry is named", new object[] { new Hashtable(), new Hashtable { ["Region"] = 5 } }, "entry 2: Regions" },
        { "JSON that is not an array", "{\"RoleArn\": \"x\"}", "is not a JSON array of scopes" },
        { "JSON that does not parse", "[{", "is not valid JSON" },
    };

    [Theory(DisplayName = "R17: SCOPES that cannot be used say which entry and why")]
    [MemberData(nameof(Problems))]
    public void Refuses(string why, object raw, string problem)
    {
        Assert.False(ScopeSettingsReader.TryRead(raw, out _, out var message), why);
        Assert.Contains(problem, message, System.StringComparison.Ordinal);
    }

    [Fact(DisplayName = "R17: a .psd1 scope: keys in any case, short spellings, a region as text or a list")]
    public void ReadsHashtables()
    {
        var raw = new object[]
        {
            new Hashtable { ["name"] = "payments", ["ROLE"] = Role, ["externalid"] = "x-1", ["SessionName"] = "prom", ["Region"] = "eu-west-1", ["Cluster"] = new object[] { "prod-*", "batch" }, ["RequestsPerSecond"] = 5, ["Burst"] = 10L },
            new Hashtable { ["ProfileName"] = "audit", ["Regions"] = new object[] { "us-east-1", "us-west-2" } },
            new Hashtable(),
        };

        Assert.True(ScopeSettingsReader.TryRead(raw, out var scopes, out var problem), problem);
        Assert.Equal(3, scopes.Count);
        var first = scopes[0];
        Assert.Equal(("payments", Role, "x-1", "prom"), (first.Name, first.RoleArn, first.ExternalId, first.RoleSessionName));
        Assert.Equal(new[] { "eu-west-1" }, first.Regions);
        Assert.Equal(new[] { "prod-*", "batch" }, first.Clusters);
        Assert.Equal((5.0, 10), (first.RequestsPerSecond, first.Burst));
        Assert.Equal("audit", scopes[1].ProfileName);
        Assert.Equal(new[] { "us-east-1", "us-west-2" }, scopes[1].Regions);
        Assert.Null(scopes[1].Clusters);
        Assert.Empty(scopes[2].Regions);
        Assert.DoesNotContain("x-1", ScopeSettings.Describe(scopes), System.StringComparison.Ordinal);
    }

    [Theory(DisplayName = "R17: SCOPES from the environment is JSON, with or without dynaconf's @json")]
    [InlineData("[{\"RoleArn\": \"arn:aws:iam::111122223333:role/ecs-discovery\", \"Regions\": [\"eu-west-1\", \"us-east-1\"], \"Burst\": 20}]")]
    [InlineData("@json [{\"roleArn\": \"arn:aws:iam::111122223333:role/ecs-discovery\", \"regions\": \"eu-west-1,us-east-1\", \"burst\": 20}]")]
    public void ReadsJson(string json)
    {
        Assert.True(ScopeSettingsReader.TryRead(json, out var scopes, out var problem), problem);
        var scope = Assert.Single(scopes);
        Assert.Equal(Role, scope.RoleArn);
        Assert.Equal(new[] { "eu-west-1", "us-east-1" }, scope.Regions);
        Assert.Equal(20, scope.Burst);
    }

    [Theory(DisplayName = "R17: the account of a role ARN, in every partition")]
    [InlineData("arn:aws:iam::111122223333:role/ecs-discovery", "111122223333")]
    [InlineData("arn:aws-cn:iam::111122223333:role/path/to/ecs", "111122223333")]
    [InlineData("arn:aws-us-gov:iam::111122223333:role/x", "111122223333")]
    [InlineData("arn:aws:iam::11112222333:role/x", null)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/x/y", null)]
    [InlineData(null, null)]
    public void AccountOfRole(string? arn, string? account) => Assert.Equal(account, ScopeSettingsReader.AccountOfRole(arn));

    [Fact(DisplayName = "R17: blank SCOPES is no scopes")]
    public void Blank()
    {
        Assert.True(ScopeSettingsReader.TryRead("  ", out var scopes, out _));
        Assert.Empty(scopes);
        Assert.True(ScopeSettingsReader.TryRead(System.Array.Empty<Hashtable>(), out scopes, out _));
        Assert.Empty(scopes.ToList());
    }
}
