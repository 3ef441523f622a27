using System;
using EcsDiscoverer.Engine.Aws.Connection;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// The credentials object of -Credential and the session defaults of the AWS Tools for PowerShell:
/// <c>$StoredAWSCredentials</c> (Set-AWSCredential) and <c>$StoredAWSRegion</c> (Set-DefaultAWSRegion).
/// </summary>
/// <remarks>
/// The order is the AWS Tools' one ("Credential and profile resolution", credentials search order,
/// https://docs.aws.amazon.com/powershell/latest/userguide/creds-assign.html): literal keys on the command line,
/// then -Credential, then the profile (the one named with -ProfileName, else the one Set-AWSCredential stored in
/// $StoredAWSCredentials), then the environment variables, AWS_PROFILE, the default profile and the instance role.
/// The region: -Region, then $StoredAWSRegion, which AWS.Tools' cmdlets use "if the -Region parameter is not
/// specified" (https://docs.aws.amazon.com/powershell/latest/reference/items/Set-DefaultAWSRegion.html), then the
/// profile's region and the SDK's region chain (AWS_REGION, AWS_DEFAULT_REGION, the config file).
/// </remarks>
internal static class SessionDefaults
{
    /// <summary>The session variable Set-AWSCredential sets.</summary>
    public const string CredentialsVariable = "StoredAWSCredentials";

    /// <summary>The session variable Set-DefaultAWSRegion sets.</summary>
    public const string RegionVariable = "StoredAWSRegion";

    /// <summary>
    /// Sets the credentials object of <paramref name="options"/>: <paramref name="credential"/> (-Credential) when
    /// given, else <paramref name="stored"/> ($StoredAWSCredentials) when neither keys nor a profile were given.
    /// Returns a note on a stored value that is not a credentials object (ignored), else null.
    /// </summary>
    /// <exception cref="ArgumentException">-Credential is not a credentials object.</exception>
    public static string? ApplyCredentials(AwsConnectionOptions options, object? credential, object? stored)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (credential is not null && CredentialObjects.Unwrap(credential) is not null)
        {
            options.CredentialCallback = CredentialObjects.Reader(credential) ?? throw new ArgumentException(
                $"-Credential takes an AWS credentials object (an AWSCredentials from AWS.Tools, such as Get-AWSCredential returns); a {CredentialObjects.TypeName(credential)} has no GetCredentials() method.",
                nameof(credential));
            options.CredentialCallbackSource = $"the -Credential parameter ({CredentialObjects.TypeName(credential)})";
            return null;
        }

        if (CredentialObjects.Unwrap(stored) is null || !string.IsNullOrEmpty(options.AccessKey) || !string.IsNullOrEmpty(options.SecretKey) || !string.IsNullOrEmpty(options.ProfileName))
        {
            return null;
        }

        var reader = CredentialObjects.Reader(stored);
        if (reader is null)
        {
            return $"${CredentialsVariable} holds a {CredentialObjects.TypeName(stored)}, not a credentials object; it was ignored.";
        }

        options.CredentialCallback = reader;
        options.CredentialCallbackSource = $"the session default ${CredentialsVariable} (Set-AWSCredential; {CredentialObjects.TypeName(stored)})";
        return null;
    }

    /// <summary>The region name of $StoredAWSRegion (a string, or an object whose text is the region), or null.</summary>
    public static string? RegionName(object? value) => CredentialObjects.Unwrap(value)?.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
