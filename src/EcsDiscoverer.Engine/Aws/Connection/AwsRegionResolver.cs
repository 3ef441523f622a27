using Amazon;
using Amazon.Runtime;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// Finds the region: the parameter, the session default (<c>$StoredAWSRegion</c>, set by AWS.Tools'
/// Set-DefaultAWSRegion), the profile's region, then the SDK's fallback chain (AWS_REGION, AWS_DEFAULT_REGION, the
/// config file, instance metadata): the order of the AWS Tools for PowerShell, whose cmdlets use $StoredAWSRegion
/// "if the -Region parameter is not specified"
/// (https://docs.aws.amazon.com/powershell/latest/reference/items/Set-DefaultAWSRegion.html).
/// </summary>
internal static class AwsRegionResolver
{
    /// <summary>The signing region used against a local emulator when nothing else names one.</summary>
    public const string EmulatorDefaultRegion = "us-east-1";

    public static (RegionEndpoint Region, string Source) Resolve(string? region, RegionEndpoint? profileRegion, bool hasEndpointOverride, string? storedRegion = null)
    {
        if (!string.IsNullOrWhiteSpace(region))
        {
            return (RegionEndpoint.GetBySystemName(region!.Trim()), "the -Region parameter");
        }

        if (!string.IsNullOrWhiteSpace(storedRegion))
        {
            return (RegionEndpoint.GetBySystemName(storedRegion!.Trim()), "the session default $StoredAWSRegion (Set-DefaultAWSRegion)");
        }

        if (profileRegion != null)
        {
            return (profileRegion, "the profile");
        }

        RegionEndpoint? fallback = null;
        try
        {
            fallback = FallbackRegionFactory.GetRegionEndpoint();
        }
        catch (AmazonClientException)
        {
            // No region anywhere in the chain: handled below.
        }

        if (fallback != null)
        {
            return (fallback, "the SDK region chain (AWS_REGION, AWS_DEFAULT_REGION, config file, instance metadata)");
        }

        if (hasEndpointOverride)
        {
            return (RegionEndpoint.GetBySystemName(EmulatorDefaultRegion), $"the default for -EndpointUrl ({EmulatorDefaultRegion})");
        }

        throw new AwsConfigurationException(
            AwsConfigurationProblem.NoRegion,
            "No AWS region was given or found. Give -Region (for example -Region eu-west-1), set AWS_REGION, or set a region in the profile.");
    }
}
