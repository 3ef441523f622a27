using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// Credentials of a role assumed with STS AssumeRole from the scope's source credentials, renewed before they
/// expire (the SDK's <see cref="RefreshingAWSCredentials"/> does the timing and the locking).
/// </summary>
/// <remarks>
/// Ours rather than the SDK's AssumeRoleAWSCredentials because that one creates its STS client internally, with no
/// way to point it at the endpoint a local emulator or moto serves STS on (<c>-EndpointUrl</c> serves ECS, EC2 and STS),
/// nor to choose the scope's regional STS endpoint.
/// </remarks>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    /// <summary>The session name when none is given: CloudTrail then shows which tool made the calls.</summary>
    public const string DefaultSessionName = "EcsDiscoverer";

    // Renew this long before expiry, or a third of the lifetime for short-lived credentials, so that a round never
    // signs with credentials about to lapse and never assumes the role again for every call.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    // Credentials count as expired this long before their stated expiry, so that a request signed now still arrives
    // in time; a tenth of the lifetime for short-lived ones, or every call would renew them.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RequestedLifetime = TimeSpan.FromHours(1);

    private readonly AWSCredentials _source;
    private readonly string _roleArn;
    private readonly string? _externalId;
    private readonly string _sessionName;
    private readonly AmazonSecurityTokenServiceConfig _config;
    private long _assumptions;

    public AssumedRoleCredentials(AWSCredentials source, string roleArn, string? externalId, string? sessionName, RegionEndpoint region, Uri? endpointOverride)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _roleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
        _externalId = externalId;
        _sessionName = string.IsNullOrEmpty(sessionName) ? DefaultSessionName : sessionName!;
        _config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 2 };
        if (endpointOverride is not null)
        {
            _config.ServiceURL = endpointOverride.ToString();
            _config.AuthenticationRegion = region.SystemName;
        }
        else
        {
            _config.RegionEndpoint = region;
        }

        PreemptExpiryTime = RenewBefore;
        ExpirationBuffer = ExpiryMargin;
    }

    /// <summary>How many times the role was assumed: once, then once per renewal.</summary>
    public long Assumptions => Interlocked.Read(ref _assumptions);

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().ConfigureAwait(false).GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        using var sts = new AmazonSecurityTokenServiceClient(_source, _config);
        var request = new AssumeRoleRequest
        {
            RoleArn = _roleArn,
            RoleSessionName = _sessionName,
            DurationSeconds = (int)RequestedLifetime.TotalSeconds,
        };
        if (!string.IsNullOrEmpty(_externalId))
        {
            request.ExternalId = _externalId;
        }

        var response = await sts.AssumeRoleAsync(request).ConfigureAwait(false);
        Interlocked.Increment(ref _assumptions);
        var issued = response.Credentials
            ?? throw new AmazonSecurityTokenServiceException($"AssumeRole of {_roleArn} answered without credentials.");
        var expiry = ToUtc(issued.Expiration ?? DateTime.UtcNow.Add(RequestedLifetime));
        var lifetime = expiry - DateTime.UtcNow;
        PreemptExpiryTime = lifetime > TimeSpan.FromTicks(RenewBefore.Ticks * 3) ? RenewBefore : TimeSpan.FromTicks(Math.Max(0, lifetime.Ticks / 3));
        ExpirationBuffer = lifetime > TimeSpan.FromTicks(ExpiryMargin.Ticks * 10) ? ExpiryMargin : TimeSpan.FromTicks(Math.Max(0, lifetime.Ticks / 10));
        return new CredentialsRefreshState(new ImmutableCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken), expiry);
    }

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
