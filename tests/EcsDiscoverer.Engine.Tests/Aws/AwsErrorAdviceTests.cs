using System.Net;
using EcsDiscoverer.Engine.Aws;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

public class AwsErrorAdviceTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // code, AWS message, what the advice must say
        { "AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized to perform: ecs:ListTasks", "Allow the IAM action ecs:ListTasks" },
        { "ExpiredTokenException", "The security token included in the request is expired.", "refresh them" },
        { "ThrottlingException", "Rate exceeded", "AWS throttled the calls beyond the retries" },
        { "ClusterNotFoundException", "Cluster not found.", "Check the name" },
        { AwsErrorClassifier.MalformedResponse, "the response is not valid JSON", "cut short or garbled" },
        { AwsErrorClassifier.UnexpectedResponse, "the response does not fit the API model: Path: $.tasks[0]", "retrying gives the same answer" },
        { "ServerException", "oops", "AWS failed beyond the retries" },
    };

    [Theory(DisplayName = "AWS error advice: a persistent fault is reported with its AWS error code and what to do, as separate sentences")]
    [MemberData(nameof(Cases))]
    public void DescribeNamesCodeAndAdvice(string code, string message, string advice)
    {
        var error = new AwsApiException("ecs", "ListTasks", code, message, HttpStatusCode.BadRequest);

        var text = AwsErrorAdvice.Describe(error);

        Assert.Contains(code, text, System.StringComparison.Ordinal);
        Assert.Contains(advice, text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("..", text, System.StringComparison.Ordinal);
        Assert.Matches(@"[A-Za-z0-9\]\)]\. [A-Z]", text);
    }

    [Fact(DisplayName = "AWS error advice: an error with nothing useful to add is its message alone")]
    public void NoAdvice()
    {
        var error = new AwsApiException("ecs", "ListTasks", "InvalidParameterException", "bad", HttpStatusCode.BadRequest);
        Assert.Equal(error.Message, AwsErrorAdvice.Describe(error));
    }
}
