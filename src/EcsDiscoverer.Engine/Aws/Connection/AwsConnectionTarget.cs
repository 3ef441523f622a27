using System;
using Amazon;
using Amazon.Runtime;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>Resolved credentials, region and endpoint: everything needed to create clients, and where it came from.</summary>
public sealed class AwsConnectionTarget
{
    internal AwsConnectionTarget(AWSCredentials credentials, string credentialSource, RegionEndpoint region, string regionSource, Uri ecsEndpoint, Uri? endpointOverride)
    {
        Credentials = credentials;
        CredentialSource = credentialSource;
        RegionEndpoint = region;
        RegionSource = regionSource;
        EcsEndpoint = ecsEndpoint;
        EndpointOverride = endpointOverride;
    }

    /// <summary>The region name.</summary>
    public string Region => RegionEndpoint.SystemName;

    /// <summary>Where the region came from.</summary>
    public string RegionSource { get; }

    /// <summary>Where the credentials came from (never the secret itself).</summary>
    public string CredentialSource { get; }

    /// <summary>The ECS endpoint.</summary>
    public Uri EcsEndpoint { get; }

    internal AWSCredentials Credentials { get; }

    /// <summary>The credentials of the role this target's credentials assume, or null when none is assumed.</summary>
    internal AssumedRoleCredentials? AssumedRole => Credentials as AssumedRoleCredentials;

    /// <summary>This target with the credentials of <paramref name="roleArn"/>, assumed from this target's credentials.</summary>
    internal AwsConnectionTarget AssumingRole(string roleArn, string? externalId, string? sessionName) =>
        new(
            new AssumedRoleCredentials(Credentials, roleArn, externalId, sessionName, RegionEndpoint, EndpointOverride),
            $"role {roleArn}, assumed with {CredentialSource}",
            RegionEndpoint,
            RegionSource,
            EcsEndpoint,
            EndpointOverride);

    internal RegionEndpoint RegionEndpoint { get; }

    internal Uri? EndpointOverride { get; }
}
