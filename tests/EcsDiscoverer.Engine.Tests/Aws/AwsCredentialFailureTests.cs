using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Connection;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

/// <summary>STS and SSO failures become classified credentials failures (constructed exceptions; no AWS call).</summary>
public class AwsCredentialFailureTests
{
    [Fact(DisplayName = "An assume-role profile whose STS call is denied: AssumeRoleFailed, an authentication failure, not retried, with advice")]
    public void AssumeRoleDenied()
    {
        var sts = new AmazonSecurityTokenServiceException("User: arn:aws:iam::111122223333:user/x is not authorized to perform: sts:AssumeRole");
        var error = AwsCredentialFailure.Translate(new AmazonClientException("Error calling AssumeRole for role arn:aws:iam::111122223333:role/r", sts), "AssumeRoleAWSCredentials", "profile 'ops'");
        Assert.Equal(AwsCredentialFailure.AssumeRoleFailed, error.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, error.Kind);
        Assert.False(AwsErrorClassifier.IsTransient(error.Kind));
        Assert.Contains("profile 'ops'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not authorized", error.Message, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", AwsErrorAdvice.For(error), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "A role of -RoleArn denied by STS: the message has STS's words and code, not the SDK's HTTP exception, and the advice names -RoleArn")]
    public void AssumedRoleDeniedByService()
    {
        // The SDK's HttpErrorResponseException says only "Exception of type '...' was thrown."; any exception made
        // without a message says that.
        var http = new AmazonClientException(null!);
        var sts = new AmazonSecurityTokenServiceException(
            "User: arn:aws:iam::123456789012:user/hub is not authorized to perform: sts:AssumeRole", http, ErrorType.Sender, "AccessDenied", "request-1", System.Net.HttpStatusCode.Forbidden);
        var error = AwsCredentialFailure.Translate(sts, "AssumedRoleCredentials", "role arn:aws:iam::333333333333:role/r, assumed with the -AccessKey/-SecretKey parameters");
        Assert.Equal(AwsCredentialFailure.AssumeRoleFailed, error.ErrorCode);
        Assert.EndsWith(": User: arn:aws:iam::123456789012:user/hub is not authorized to perform: sts:AssumeRole (AccessDenied)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception of type", error.Message, StringComparison.Ordinal);
        Assert.Contains("-RoleArn", AwsErrorAdvice.For(error), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "An STS exception alone (whatever the credentials type) is AssumeRoleFailed")]
    public void StsExceptionAlone() =>
        Assert.Equal(AwsCredentialFailure.AssumeRoleFailed, AwsCredentialFailure.Classify(new AmazonSecurityTokenServiceException("denied"), "SomethingElse"));

    [Theory(DisplayName = "An expired or missing SSO token: SsoLoginRequired, with 'aws sso login' as the advice")]
    [InlineData("SSO Token has expired and failed to refresh", "SSOAWSCredentials")]
    [InlineData("No valid SSO Token could be found.", "AWSCredentials")]
    [InlineData("Login Token has expired and cannot be refreshed.", "RefreshingAWSCredentials")]
    public void SsoExpired(string message, string credentialType)
    {
        var error = AwsCredentialFailure.Translate(new AmazonClientException(message), credentialType, "profile 'sso-dev'");
        Assert.Equal(AwsCredentialFailure.SsoLoginRequired, error.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, error.Kind);
        Assert.Contains("aws sso login", AwsErrorAdvice.For(error), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Any other failure to get credentials: CredentialsUnavailable")]
    public void Other()
    {
        var error = AwsCredentialFailure.Translate(new InvalidOperationException("boom"), "CallbackCredentials", "the -Credential parameter");
        Assert.Equal(AwsCredentialFailure.CredentialsUnavailable, error.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, error.Kind);
        Assert.NotEqual("", AwsErrorAdvice.For(error));
    }

    [Fact(DisplayName = "The clients' credentials translate a failure on both the sync and the async path")]
    public async Task TranslatingCredentialsWrap()
    {
        var credentials = new TranslatingCredentials(new FailingSsoCredentials(), "profile 'sso-dev'");
        Assert.Equal(AwsCredentialFailure.SsoLoginRequired, Assert.Throws<AwsApiException>(() => credentials.GetCredentials()).ErrorCode);
        var error = await Assert.ThrowsAsync<AwsApiException>(() => credentials.GetCredentialsAsync());
        Assert.Equal(AwsCredentialFailure.SsoLoginRequired, error.ErrorCode);
        Assert.IsType<AmazonClientException>(error.InnerException);
    }

    private sealed class FailingSsoCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => throw new AmazonClientException("SSO Token has expired and can not be refreshed");
    }
}
