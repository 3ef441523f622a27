using System;
using System.Net.Http;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Resilience;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>The ECS and EC2 clients for one account and region, and where their settings came from.</summary>
internal sealed class AwsConnection : IDisposable
{
    private readonly HttpClient _ecsHttp;
    private readonly Ec2SdkClient _ec2;

    private AwsConnection(IEcsApi ecs, HttpClient ecsHttp, Ec2SdkClient ec2, string region, string regionSource, string credentialSource, Uri ecsEndpoint)
    {
        Ecs = ecs;
        _ecsHttp = ecsHttp;
        _ec2 = ec2;
        Region = region;
        RegionSource = regionSource;
        CredentialSource = credentialSource;
        EcsEndpoint = ecsEndpoint;
    }

    /// <summary>The ECS client.</summary>
    public IEcsApi Ecs { get; }

    /// <summary>The EC2 client.</summary>
    public IEc2Api Ec2 => _ec2;

    /// <summary>The region in use.</summary>
    public string Region { get; }

    /// <summary>Where the region came from (for -Debug output).</summary>
    public string RegionSource { get; }

    /// <summary>Where the credentials came from (never the secret itself).</summary>
    public string CredentialSource { get; }

    /// <summary>The ECS endpoint called.</summary>
    public Uri EcsEndpoint { get; }

    /// <summary>Resolves credentials and region and creates the clients, whose calls go through <paramref name="throttle"/>.</summary>
    /// <exception cref="AwsConfigurationException">Nothing can be called with these settings.</exception>
    public static AwsConnection Open(AwsConnectionOptions options, RetrySettings retry, IAwsCallObserver? observer, ApiThrottle? throttle = null) =>
        Open(Resolve(options), retry, observer, throttle);

    /// <summary>
    /// Resolves credentials, region and endpoint without creating clients, so that the caller can pick the
    /// throttle and observers that belong to that endpoint and region.
    /// </summary>
    /// <exception cref="AwsConfigurationException">Nothing can be called with these settings.</exception>
    public static AwsConnectionTarget Resolve(AwsConnectionOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var endpoint = ParseEndpoint(options.EndpointUrl);
        var (credentials, credentialSource, profileRegion) = AwsCredentialResolver.Resolve(options);
        var (region, regionSource) = AwsRegionResolver.Resolve(options.Region, profileRegion, endpoint != null, options.StoredRegion);
        var ecsEndpoint = endpoint ?? new Uri($"https://ecs.{region.SystemName}.{DnsSuffix(region.SystemName)}/");
        return new AwsConnectionTarget(credentials, credentialSource, region, regionSource, ecsEndpoint, endpoint);
    }

    /// <summary>Creates the clients for a resolved target.</summary>
    public static AwsConnection Open(AwsConnectionTarget target, RetrySettings retry, IAwsCallObserver? observer, ApiThrottle? throttle)
    {
        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        var pipeline = new AwsCallPipeline(retry, observer, throttle, target.AssumedRole is { } role ? role.ClearCredentials : null);
        var credentials = new TranslatingCredentials(target.Credentials, target.CredentialSource);
#pragma warning disable CA2000 // The handler chain is owned and disposed by the HttpClient.
        var http = new HttpClient(new SigV4SigningHandler(credentials, target.RegionEndpoint, "ecs", new HttpClientHandler()))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the pipeline times each attempt
        };
#pragma warning restore CA2000
        var ecs = new EcsJsonClient(http, target.EcsEndpoint, pipeline);

        var ec2Config = new AmazonEC2Config { MaxErrorRetry = 0 };
        if (target.EndpointOverride != null)
        {
            ec2Config.ServiceURL = target.EndpointOverride.ToString();
            ec2Config.AuthenticationRegion = target.Region;
        }
        else
        {
            ec2Config.RegionEndpoint = target.RegionEndpoint;
        }

        var ec2 = new Ec2SdkClient(new AmazonEC2Client(credentials, ec2Config), pipeline);
        return new AwsConnection(ecs, http, ec2, target.Region, target.RegionSource, target.CredentialSource, target.EcsEndpoint);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ecsHttp.Dispose();
        _ec2.Dispose();
    }

    private static Uri? ParseEndpoint(string? endpointUrl)
    {
        if (string.IsNullOrWhiteSpace(endpointUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AwsConfigurationException(
                AwsConfigurationProblem.InvalidArgument,
                $"The endpoint URL '{endpointUrl}' is not an absolute http or https URL, such as http://127.0.0.1:5000.");
        }

        return uri;
    }

    private static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
