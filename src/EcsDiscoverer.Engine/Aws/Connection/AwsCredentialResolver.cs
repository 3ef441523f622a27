using System;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// Finds credentials: explicit keys, then a credentials object (-Credential, or <c>$StoredAWSCredentials</c> when no
/// profile is named), then a named profile (which must exist), then the SDK's default chain (environment variables,
/// AWS_PROFILE, the default profile, the container or instance role).
/// </summary>
/// <remarks>
/// The order of the AWS Tools for PowerShell, "Credential and profile resolution", credentials search order
/// (https://docs.aws.amazon.com/powershell/latest/userguide/creds-assign.html): literal credentials on the command
/// line, then the -Credential parameter, then the profile (or the one Set-AWSCredential stored in the session), then
/// the environment variables, AWS_PROFILE, the default profile and the instance role.
/// </remarks>
internal static class AwsCredentialResolver
{
    public static (AWSCredentials Credentials, string Source, Amazon.RegionEndpoint? ProfileRegion) Resolve(AwsConnectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.AccessKey) || !string.IsNullOrEmpty(options.SecretKey))
        {
            if (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey))
            {
                throw new AwsConfigurationException(
                    AwsConfigurationProblem.InvalidArgument,
                    "-AccessKey and -SecretKey go together: give both, or neither to use a profile or the default credential chain.");
            }

            AWSCredentials explicitCredentials = string.IsNullOrEmpty(options.SessionToken)
                ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
                : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);
            return (explicitCredentials, "the -AccessKey/-SecretKey parameters", null);
        }

        if (options.CredentialCallback is not null)
        {
            return (new CallbackCredentials(options.CredentialCallback), options.CredentialCallbackSource ?? "a credentials object", null);
        }

        if (!string.IsNullOrEmpty(options.ProfileName))
        {
            var chain = string.IsNullOrEmpty(options.ProfileLocation)
                ? new CredentialProfileStoreChain()
                : new CredentialProfileStoreChain(options.ProfileLocation);
            if (!chain.TryGetProfile(options.ProfileName, out var profile) || !chain.TryGetAWSCredentials(options.ProfileName, out var profileCredentials))
            {
                var where = string.IsNullOrEmpty(options.ProfileLocation) ? "the shared credentials and config files" : $"'{options.ProfileLocation}'";
                throw new AwsConfigurationException(
                    AwsConfigurationProblem.ProfileNotFound,
                    $"The profile '{options.ProfileName}' was not found in {where}. Check the name with 'aws configure list-profiles', or omit -ProfileName to use the default credential chain.");
            }

            return (profileCredentials, $"profile '{options.ProfileName}'", profile.Region);
        }

        try
        {
            var credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            return (credentials, $"the default credential chain ({credentials.GetType().Name})", null);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsConfigurationException(
                AwsConfigurationProblem.NoCredentials,
                "No AWS credentials were found. Give -ProfileName, or -AccessKey and -SecretKey, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available.",
                ex);
        }
    }
}
