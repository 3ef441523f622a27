using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>The xunit collection whose tests share the fleet's moto server.</summary>
[CollectionDefinition(MotoFleetFixture.CollectionName)]
public sealed class MotoFleetCollectionDefinition : ICollectionFixture<MotoFleetFixture>
{
}

/// <summary>
/// A moto server of its own for the fleet (R17), seeded by <c>seed_moto_fleet.py</c>: hub users in the default
/// account allowed to assume the role <c>ecs-discovery</c> of the member accounts 111111111111 and 222222222222 (not
/// that of 333333333333), and in each member account and each of us-east-1 and eu-west-1 a cluster "prod" with one
/// RUNNING marked Fargate task. Then moto's IAM checks are on, for STS as for ECS and EC2.
/// </summary>
public sealed class MotoFleetFixture : MotoServer
{
    /// <summary>The name of the xunit collection.</summary>
    public const string CollectionName = "moto-fleet";

    /// <summary>What the seeding script created.</summary>
    public MotoFleetSeed Seed { get; private set; } = null!;

    /// <inheritdoc />
    protected override string SeedScriptName => "seed_moto_fleet.py";

    /// <summary>
    /// Replaces the sts:AssumeRole grant of the IAM user <paramref name="userName"/> by exactly <paramref name="roleArns"/>
    /// (through moto's IAM API, signed by the seed's admin user, since the checks are on by then).
    /// </summary>
    public Task SetAssumableRolesAsync(string userName, params string[] roleArns) =>
        RunSeedScriptAsync(new[] { "set-hub-roles", Seed.Admin.AccessKey, Seed.Admin.SecretKey, userName }.Concat(roleArns).ToArray());

    /// <inheritdoc />
    protected override void ReadSeed(string json) => Seed = ParseSeed<MotoFleetSeed>(json);
}

/// <summary>What <c>seed_moto_fleet.py</c> created, as it printed it.</summary>
public sealed record MotoFleetSeed(
    MotoKeys Hub,
    MotoKeys Revocable,
    MotoKeys Admin,
    string HubUserName,
    string RevocableUserName,
    IReadOnlyList<string> MemberRoleArns,
    string DeniedRoleArn,
    string Cluster,
    IReadOnlyList<MotoFleetScope> Scopes);

/// <summary>One seeded account-region: its role, its cluster "prod" and the address of its one target.</summary>
public sealed record MotoFleetScope(string Account, string Region, string RoleArn, string ClusterArn, string TaskArn, string Address);
