namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// One reading of a credentials object that the engine cannot bind to (AWS.Tools' <c>AWSCredentials</c> lives in
/// another load context): the key id, the secret and the session token. Never logged.
/// </summary>
public sealed class AwsKeys
{
    /// <summary>Creates the keys.</summary>
    public AwsKeys(string accessKey, string secretKey, string? sessionToken)
    {
        AccessKey = accessKey;
        SecretKey = secretKey;
        SessionToken = sessionToken;
    }

    /// <summary>The access key id.</summary>
    public string AccessKey { get; }

    /// <summary>The secret access key.</summary>
    public string SecretKey { get; }

    /// <summary>The session token of temporary credentials, or null.</summary>
    public string? SessionToken { get; }

    /// <inheritdoc />
    public override string ToString() => $"AwsKeys({AccessKey}, secret hidden)";
}
