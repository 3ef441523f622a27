using System;
using Amazon.Runtime;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// Credentials read through a callback each time they are needed, so that a refreshing object on the other side
/// (an AWS.Tools assume-role or SSO credentials object) keeps refreshing.
/// </summary>
internal sealed class CallbackCredentials : AWSCredentials
{
    private readonly Func<AwsKeys> _read;

    public CallbackCredentials(Func<AwsKeys> read)
    {
        _read = read;
    }

    public override ImmutableCredentials GetCredentials()
    {
        var keys = _read() ?? throw new AmazonClientException("The credentials object returned no credentials.");
        return new ImmutableCredentials(keys.AccessKey, keys.SecretKey, keys.SessionToken);
    }
}
