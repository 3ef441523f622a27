using System;
using System.Net;

namespace EcsDiscoverer.Engine.Aws;

/// <summary>Maps AWS error codes and HTTP statuses to an <see cref="AwsErrorKind"/>.</summary>
internal static class AwsErrorClassifier
{
    /// <summary>
    /// Our code for an answer that arrived but cannot be read (cut short, not JSON or XML, or not accounting for
    /// what was asked): like a lost answer, worth another attempt.
    /// </summary>
    public const string MalformedResponse = "MalformedResponse";

    /// <summary>
    /// Our code for well-formed JSON that does not fit the API model (a wrong type, a value out of range): the same
    /// call gives the same answer, so it is not retried, and a task definition answered so costs only its own tasks.
    /// </summary>
    public const string UnexpectedResponse = "UnexpectedResponse";

    /// <summary>ECS's code for a cluster that does not exist (any more): the one "not found" that forgets its tasks.</summary>
    public const string ClusterNotFound = "ClusterNotFoundException";

    /// <summary>Classifies an AWS error code (as in <c>__type</c> or an EC2 <c>Code</c>).</summary>
    public static AwsErrorKind Classify(string errorCode, HttpStatusCode? statusCode)
    {
        switch (errorCode)
        {
            case "ThrottlingException":
            case "Throttling":
            case "RequestLimitExceeded":
            case "TooManyRequestsException":
            case "RequestThrottled":
            case "RequestThrottledException":
            case "ProvisionedThroughputExceededException":
                return AwsErrorKind.Throttling;
            case "AccessDeniedException":
            case "AccessDenied":
            case "UnauthorizedOperation":
                return AwsErrorKind.AccessDenied;
            case "ExpiredTokenException":
            case "ExpiredToken":
            case "RequestExpired":
            case "UnrecognizedClientException":
            case "InvalidClientTokenId":
            case "InvalidSignatureException":
            case "SignatureDoesNotMatch":
            case "AuthFailure":
            case "MissingAuthenticationTokenException":
            case Connection.AwsCredentialFailure.AssumeRoleFailed:
            case Connection.AwsCredentialFailure.SsoLoginRequired:
            case Connection.AwsCredentialFailure.CredentialsUnavailable:
                return AwsErrorKind.Authentication;
            case ClusterNotFound:
            case "InvalidInstanceID.NotFound":
            case "ResourceNotFoundException":
                return AwsErrorKind.NotFound;
            case "NetworkError":
            case "Timeout":
            case MalformedResponse:
                return AwsErrorKind.Network;
            case "ServerException":
            case "InternalFailure":
            case "InternalError":
            case "ServiceUnavailable":
            case "Unavailable":
                return AwsErrorKind.ServerError;
            case "InvalidParameterException":
            case "ClientException":
            case "ValidationException":
            case "SerializationException":
            case UnexpectedResponse:
                return AwsErrorKind.InvalidRequest;
        }

        if (errorCode.EndsWith("NotFound", StringComparison.Ordinal) || errorCode.EndsWith("NotFoundException", StringComparison.Ordinal))
        {
            return AwsErrorKind.NotFound;
        }

        if (statusCode == HttpStatusCode.Unauthorized)
        {
            return AwsErrorKind.Authentication;
        }

        if (statusCode == HttpStatusCode.Forbidden)
        {
            return AwsErrorKind.AccessDenied;
        }

        if (statusCode == (HttpStatusCode)429)
        {
            return AwsErrorKind.Throttling;
        }

        if (statusCode.HasValue && (int)statusCode.Value >= 500)
        {
            return AwsErrorKind.ServerError;
        }

        return AwsErrorKind.Other;
    }

    /// <summary>Whether AWS refused the call because its credentials have expired (renewable ones can be fetched again).</summary>
    public static bool IsExpiredCredentials(string? errorCode) =>
        errorCode is "ExpiredTokenException" or "ExpiredToken" or "RequestExpired";

    /// <summary>Whether a failure of this kind is worth retrying.</summary>
    public static bool IsTransient(AwsErrorKind kind) =>
        kind is AwsErrorKind.Throttling or AwsErrorKind.ServerError or AwsErrorKind.Network;
}
