using System;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>How to reach AWS: the parameters users know from the AWS Tools for PowerShell. All optional.</summary>
public sealed class AwsConnectionOptions
{
    /// <summary>The region, e.g. <c>eu-west-1</c>. Default: the SDK's region chain.</summary>
    public string? Region { get; set; }

    /// <summary>A named profile of the shared credentials/config files. Must exist when given.</summary>
    public string? ProfileName { get; set; }

    /// <summary>The path of the shared credentials file to read profiles from.</summary>
    public string? ProfileLocation { get; set; }

    /// <summary>An access key id; needs <see cref="SecretKey"/>.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The session token of temporary credentials.</summary>
    public string? SessionToken { get; set; }

    /// <summary>
    /// Credentials read from an object the caller cannot hand over as SDK credentials (the -Credential parameter,
    /// <c>$StoredAWSCredentials</c>); called each time credentials are needed. Comes after the explicit keys and
    /// before the profile, as in the AWS Tools for PowerShell.
    /// </summary>
    public Func<AwsKeys>? CredentialCallback { get; set; }

    /// <summary>Where <see cref="CredentialCallback"/> came from, for -Verbose and -Debug (never the secret).</summary>
    public string? CredentialCallbackSource { get; set; }

    /// <summary>
    /// The session's default region (AWS.Tools' <c>$StoredAWSRegion</c>): after <see cref="Region"/>, before the
    /// profile's region and the SDK's region chain.
    /// </summary>
    public string? StoredRegion { get; set; }

    /// <summary>One URL serving both ECS and EC2 (a local emulator), instead of the AWS endpoints.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>
    /// The options of one scope: its region where it names one, and its profile instead of the run's credentials
    /// (explicit keys, a credentials object) where it names one.
    /// </summary>
    internal AwsConnectionOptions ForScope(string? profileName, string? region)
    {
        var copy = (AwsConnectionOptions)MemberwiseClone();
        if (region is not null)
        {
            copy.Region = region;
        }

        if (profileName is not null)
        {
            copy.ProfileName = profileName;
            copy.AccessKey = null;
            copy.SecretKey = null;
            copy.SessionToken = null;
            copy.CredentialCallback = null;
            copy.CredentialCallbackSource = null;
        }

        return copy;
    }
}
