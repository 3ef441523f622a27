namespace EcsDiscoverer.Engine.Aws;

/// <summary>What a user can do about a failed AWS call, in one sentence (empty when there is nothing useful to say).</summary>
public static class AwsErrorAdvice
{
    /// <summary>The advice for <paramref name="error"/>.</summary>
    public static string For(AwsApiException error) => error?.Kind switch
    {
        AwsErrorKind.NotFound when error.ErrorCode == AwsErrorClassifier.ClusterNotFound => "Check the name with 'aws ecs list-clusters' and the region.",
        AwsErrorKind.AccessDenied => $"Allow the IAM action {error.Service}:{error.Operation} for these credentials (see the least-privilege policy in about_EcsDiscoverer).",
        AwsErrorKind.Authentication when error.ErrorCode == Connection.AwsCredentialFailure.AssumeRoleFailed =>
            "The role could not be assumed: check its ARN (-RoleArn, ROLE_ARNS or SCOPES; for a profile its role_arn and source_profile or credential_source), that the source credentials are valid and allowed sts:AssumeRole on it, and that the role's trust policy (and -ExternalId, when it asks for one) accepts them.",
        AwsErrorKind.Authentication when error.ErrorCode == Connection.AwsCredentialFailure.SsoLoginRequired =>
            "The SSO session is missing or expired: run 'aws sso login --profile <name>' for this profile, then run the command again.",
        AwsErrorKind.Authentication when error.ErrorCode == Connection.AwsCredentialFailure.CredentialsUnavailable =>
            "The credentials could not be obtained: check the profile, the -Credential object or $StoredAWSCredentials, or give -ProfileName or -AccessKey/-SecretKey.",
        AwsErrorKind.Authentication => "The credentials are invalid or expired: refresh them (for SSO: 'aws sso login').",
        AwsErrorKind.Throttling => "AWS throttled the calls beyond the retries; try again later, lower the request rate, or discover fewer clusters at once.",
        AwsErrorKind.Network when error.ErrorCode == AwsErrorClassifier.MalformedResponse =>
            "The answers were cut short or garbled beyond the retries: check for a proxy between here and the endpoint, or -EndpointUrl.",
        AwsErrorKind.InvalidRequest when error.ErrorCode == AwsErrorClassifier.UnexpectedResponse =>
            "AWS answered with data this version cannot read (the path is in the message); retrying gives the same answer. Please report it with that path.",
        AwsErrorKind.Network => "Check the network path to the endpoint, or -EndpointUrl.",
        AwsErrorKind.ServerError => "AWS failed beyond the retries; try again later.",
        _ => "",
    };

    /// <summary>The error's message followed by the advice.</summary>
    public static string Describe(AwsApiException error)
    {
        var advice = For(error);
        // AWS messages often end without a full stop; the advice is a sentence of its own.
        return advice.Length == 0 ? error?.Message ?? "" : $"{error!.Message.TrimEnd('.', ' ')}. {advice}";
    }
}
