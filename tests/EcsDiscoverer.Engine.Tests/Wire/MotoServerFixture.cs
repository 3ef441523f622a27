using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Aws.Resilience;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>The xunit collection whose tests share one moto server.</summary>
[CollectionDefinition(MotoServerFixture.CollectionName)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServerFixture>
{
}

/// <summary>
/// The moto server of the single-account wire tests, seeded by <c>seed_moto.py</c>: one cluster in the default
/// account and us-east-1, and the IAM users the tests sign with.
/// </summary>
public sealed class MotoServerFixture : MotoServer
{
    /// <summary>The name of the xunit collection.</summary>
    public const string CollectionName = "moto";

    /// <summary>What the seeding script created.</summary>
    public MotoSeed Seed { get; private set; } = null!;

    /// <inheritdoc />
    protected override string SeedScriptName => "seed_moto.py";

    /// <summary>Opens the production connection to moto with the given keys, no retries.</summary>
    internal AwsConnection Open(MotoKeys keys, IAwsCallObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Open(keys.AccessKey, keys.SecretKey, observer);
    }

    /// <summary>Opens the production connection to moto with the given keys, no retries.</summary>
    internal AwsConnection Open(string accessKey, string secretKey, IAwsCallObserver? observer) =>
        AwsConnection.Open(
            new AwsConnectionOptions { EndpointUrl = Url, Region = "us-east-1", AccessKey = accessKey, SecretKey = secretKey },
            new RetrySettings { MaxRetries = 0 },
            observer);

    /// <inheritdoc />
    protected override void ReadSeed(string json) => Seed = ParseSeed<MotoSeed>(json);
}

/// <summary>An access key pair that moto's IAM knows.</summary>
public sealed record MotoKeys(string AccessKey, string SecretKey);

/// <summary>What <c>seed_moto.py</c> created, as it printed it.</summary>
public sealed record MotoSeed(
    MotoKeys Reader,
    MotoKeys Denied,
    string VpcId,
    string SubnetId,
    string InstanceId,
    string PrivateIp,
    string ClusterArn,
    string ContainerInstanceArn,
    string TaskDefinitionArn,
    string ContainerName,
    IReadOnlyList<string> TaskArns,
    string StoppedTaskArn);
