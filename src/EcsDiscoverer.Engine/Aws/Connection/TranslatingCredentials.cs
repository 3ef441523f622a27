using System;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// Wraps the resolved credentials so that a failure to obtain them (STS, SSO, a credentials object) surfaces as an
/// <see cref="AwsApiException"/> classified by <see cref="AwsCredentialFailure"/>, wherever the SDK asks for them.
/// </summary>
internal sealed class TranslatingCredentials : AWSCredentials
{
    private readonly AWSCredentials _inner;
    private readonly string _source;

    public TranslatingCredentials(AWSCredentials inner, string source)
    {
        _inner = inner;
        _source = source;
    }

    public override ImmutableCredentials GetCredentials()
    {
        try
        {
            return _inner.GetCredentials();
        }
        catch (Exception ex) when (IsCredentialFailure(ex))
        {
            throw AwsCredentialFailure.Translate(ex, _inner.GetType().Name, _source);
        }
    }

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        try
        {
            return await _inner.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCredentialFailure(ex))
        {
            throw AwsCredentialFailure.Translate(ex, _inner.GetType().Name, _source);
        }
    }

    private static bool IsCredentialFailure(Exception ex) => ex is not AwsApiException and not OperationCanceledException and not OutOfMemoryException;
}
