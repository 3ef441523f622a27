using System;
using System.Globalization;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// Turns a failure to obtain credentials (an assume-role profile whose STS call fails, an expired SSO token, a
/// credentials object that throws) into an <see cref="AwsApiException"/> with a code of ours, so that it becomes an
/// error with a stable id and the authentication category instead of the SDK's AmazonClientException.
/// </summary>
public static class AwsCredentialFailure
{
    /// <summary>The STS AssumeRole call of an assume-role profile (or credentials object) failed.</summary>
    public const string AssumeRoleFailed = "AssumeRoleFailed";

    /// <summary>The SSO token is missing or expired: <c>aws sso login</c> is needed.</summary>
    public const string SsoLoginRequired = "SsoLoginRequired";

    /// <summary>Any other failure to obtain credentials.</summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    /// <summary>The service name used for these failures (no AWS service was called yet).</summary>
    public const string Service = "credentials";

    /// <summary>
    /// Classifies <paramref name="error"/>, raised by credentials of type <paramref name="credentialType"/> (e.g.
    /// AssumeRoleAWSCredentials, SSOAWSCredentials), which came from <paramref name="source"/>.
    /// </summary>
    public static AwsApiException Translate(Exception error, string credentialType, string source)
    {
        if (error is null)
        {
            throw new ArgumentNullException(nameof(error));
        }

        var code = Classify(error, credentialType);
        var detail = Detail(error);
        var message = string.Format(
            CultureInfo.InvariantCulture,
            "could not obtain credentials from {0} ({1}): {2}",
            source,
            credentialType,
            detail.StartsWith(error.Message, StringComparison.Ordinal) ? detail : $"{error.Message.TrimEnd('.', ' ')}: {detail}");
        return new AwsApiException(Service, Operation(code), code, message, null, error);
    }

    /// <summary>The code for a credentials failure.</summary>
    public static string Classify(Exception error, string credentialType)
    {
        var type = credentialType ?? "";
        for (var e = error; e is not null; e = e.InnerException)
        {
            var name = e.GetType().FullName ?? "";
            var text = e.Message ?? "";
            if (type.Contains("SSO", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.SSO", StringComparison.Ordinal)
                || text.Contains("SSO Token", StringComparison.OrdinalIgnoreCase) || text.Contains("Login Token has expired", StringComparison.OrdinalIgnoreCase))
            {
                return SsoLoginRequired;
            }

            if (type.Contains("AssumeRole", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.SecurityToken", StringComparison.Ordinal)
                || text.Contains("AssumeRole", StringComparison.Ordinal))
            {
                return AssumeRoleFailed;
            }
        }

        return CredentialsUnavailable;
    }

    private static string Operation(string code) => code switch
    {
        AssumeRoleFailed => "AssumeRole",
        SsoLoginRequired => "GetRoleCredentials",
        _ => "GetCredentials",
    };

    // What the service said, with its code (STS's AccessDenied, ExpiredToken...), when a service answered: the SDK's
    // innermost exception is then its HTTP response, whose message is only "Exception of type '...' was thrown".
    // Otherwise the innermost exception that says something.
    private static string Detail(Exception error)
    {
        var said = error.Message;
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is Amazon.Runtime.AmazonServiceException service && !string.IsNullOrEmpty(service.ErrorCode))
            {
                return $"{service.Message.TrimEnd('.', ' ')} ({service.ErrorCode})";
            }

            if (!IsDefaultMessage(e))
            {
                said = e.Message;
            }
        }

        return said;
    }

    private static bool IsDefaultMessage(Exception e) =>
        e.Message.StartsWith("Exception of type '", StringComparison.Ordinal) && e.Message.EndsWith("' was thrown.", StringComparison.Ordinal);
}
