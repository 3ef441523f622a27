using System.IO;
using Amazon.Runtime;
using EcsDiscoverer.Engine.Aws.Connection;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

/// <summary>The credentials objects (-Credential, $StoredAWSCredentials) and $StoredAWSRegion in the AWS.Tools order.</summary>
public class SessionCredentialOrderTests
{
    private static readonly AwsKeys ObjectKeys = new("AKIDOBJECT", "object-secret", "object-token");

    [Fact(DisplayName = "A credentials object signs with what its callback gives, read on every use, and its source names no secret")]
    public void CallbackIsReadEachTime()
    {
        var reads = 0;
        var (credentials, source, _) = AwsCredentialResolver.Resolve(new AwsConnectionOptions
        {
            CredentialCallback = () => { reads++; return ObjectKeys; },
            CredentialCallbackSource = "the -Credential parameter (FakeCredentials)",
        });
        var first = credentials.GetCredentials();
        credentials.GetCredentials();
        Assert.Equal(("AKIDOBJECT", "object-secret", "object-token"), (first.AccessKey, first.SecretKey, first.Token));
        Assert.Equal(2, reads);
        Assert.Equal("the -Credential parameter (FakeCredentials)", source);
        Assert.DoesNotContain("object-secret", ObjectKeys.ToString(), System.StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Literal keys win over a credentials object")]
    public void KeysBeforeObject()
    {
        var (_, source, _) = AwsCredentialResolver.Resolve(new AwsConnectionOptions { AccessKey = "AKID", SecretKey = "s", CredentialCallback = () => ObjectKeys });
        Assert.Equal("the -AccessKey/-SecretKey parameters", source);
    }

    [Fact(DisplayName = "A credentials object wins over a profile name (even one that does not exist)")]
    public void ObjectBeforeProfile()
    {
        var (_, source, _) = AwsCredentialResolver.Resolve(new AwsConnectionOptions
        {
            ProfileName = "no-such-profile",
            ProfileLocation = Path.Combine(Path.GetTempPath(), "no-such-credentials-file"),
            CredentialCallback = () => ObjectKeys,
            CredentialCallbackSource = "object",
        });
        Assert.Equal("object", source);
    }

    [Fact(DisplayName = "$StoredAWSRegion comes after -Region and before the profile's region")]
    public void StoredRegionOrder()
    {
        Assert.Equal("eu-west-1", AwsRegionResolver.Resolve("eu-west-1", Amazon.RegionEndpoint.USWest2, false, "ap-south-1").Region.SystemName);
        var (region, source) = AwsRegionResolver.Resolve(null, Amazon.RegionEndpoint.USWest2, false, "ap-south-1");
        Assert.Equal("ap-south-1", region.SystemName);
        Assert.Contains("$StoredAWSRegion", source, System.StringComparison.Ordinal);
    }

    [Fact(DisplayName = "A callback that gives nothing is a credentials failure, not a crash")]
    public void EmptyCallback() =>
        Assert.Throws<AmazonClientException>(() => new CallbackCredentials(() => null!).GetCredentials());
}
