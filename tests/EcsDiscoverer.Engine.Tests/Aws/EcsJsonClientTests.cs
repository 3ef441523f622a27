using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

public class EcsJsonClientTests
{
    private static readonly Uri Endpoint = new("https://ecs.us-east-1.amazonaws.com/");

    private static (EcsJsonClient Client, FakeHttpHandler Handler, RecordingObserver Observer) Create(
        Func<RecordedRequest, HttpResponseMessage> respond, int maxRetries = 3)
    {
        var handler = new FakeHttpHandler(respond);
        var signing = new SigV4SigningHandler(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.USEast1, "ecs", handler);
        var observer = new RecordingObserver();
        var pipeline = new AwsCallPipeline(
            new RetrySettings { MaxRetries = maxRetries, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
            observer);
        return (new EcsJsonClient(new HttpClient(signing), Endpoint, pipeline), handler, observer);
    }

    private static HttpResponseMessage Ok(string body) => FakeHttpHandler.Json(HttpStatusCode.OK, body);

    private static HttpResponseMessage Error(HttpStatusCode status, string type, string message = "boom") =>
        FakeHttpHandler.Json(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));

    [Fact(DisplayName = "ECS client: JSON 1.1 POST with the operation in X-Amz-Target, SigV4-signed for ecs")]
    public async Task WireFormat()
    {
        var (client, handler, _) = Create(_ => Ok("{\"taskArns\":[\"a\",\"b\"],\"nextToken\":\"n2\"}"));
        var page = await client.ListTasksAsync("prod", "n1", CancellationToken.None);

        Assert.Equal(new[] { "a", "b" }, page.Items);
        Assert.Equal("n2", page.NextToken);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(Endpoint, request.Uri);
        Assert.Equal("AmazonEC2ContainerServiceV20141113.ListTasks", request.Headers["X-Amz-Target"]);
        Assert.StartsWith("application/x-amz-json-1.1", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/us-east-1/ecs/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("prod", body.RootElement.GetProperty("cluster").GetString());
        Assert.Equal("RUNNING", body.RootElement.GetProperty("desiredStatus").GetString());
        Assert.Equal(100, body.RootElement.GetProperty("maxResults").GetInt32());
        Assert.Equal("n1", body.RootElement.GetProperty("nextToken").GetString());
    }

    [Fact(DisplayName = "ECS client: unknown response fields are ignored, missing ones are null")]
    public async Task TolerantParsing()
    {
        var (client, _, _) = Create(_ => Ok("{\"tasks\":[{\"taskArn\":\"t\",\"brandNewField\":{\"x\":1},\"containers\":[{\"name\":\"app\",\"networkBindings\":[{\"hostPort\":\"32768\"}]}]}],\"failures\":[{\"arn\":\"gone\",\"reason\":\"MISSING\"}]}"));
        var batch = await client.DescribeTasksAsync("prod", new[] { "t", "gone" }, CancellationToken.None);
        var task = Assert.Single(batch.Items);
        Assert.Null(task.LastStatus);
        Assert.Equal(32768, task.Containers![0].NetworkBindings![0].HostPort);
        Assert.Equal("MISSING", Assert.Single(batch.Failures).Reason);
    }

    [Fact(DisplayName = "ECS client: a throttled call is retried with a fresh signature and then succeeds")]
    public async Task RetriesThrottling()
    {
        var calls = 0;
        var (client, handler, observer) = Create(_ => ++calls < 3 ? Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded") : Ok("{\"clusterArns\":[\"c\"]}"));
        var page = await client.ListClustersAsync(null, CancellationToken.None);
        Assert.Equal(new[] { "c" }, page.Items);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.True(r.Headers.ContainsKey("Authorization") && r.Headers.ContainsKey("X-Amz-Date")));
        Assert.Equal(new[] { AwsCallOutcome.Throttled, AwsCallOutcome.Throttled, AwsCallOutcome.Ok }, observer.Outcomes);
    }

    [Fact(DisplayName = "ECS client: throttling that outlives the retries surfaces as ThrottlingException")]
    public async Task ThrottlingExhausted()
    {
        var (client, handler, _) = Create(_ => Error(HttpStatusCode.BadRequest, "ThrottlingException"), maxRetries: 2);
        var error = await Assert.ThrowsAsync<AwsApiException>(() => client.ListClustersAsync(null, CancellationToken.None));
        Assert.Equal(("ThrottlingException", AwsErrorKind.Throttling, "ListClusters"), (error.ErrorCode, error.Kind, error.Operation));
        Assert.Equal(3, handler.Requests.Count);
    }

    public static TheoryData<HttpStatusCode, string, string, AwsErrorKind, int> ErrorCases => new()
    {
        { HttpStatusCode.BadRequest, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found.\"}", "ClusterNotFoundException", AwsErrorKind.NotFound, 1 },
        { HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.ecs#AccessDeniedException\",\"Message\":\"no\"}", "AccessDeniedException", AwsErrorKind.AccessDenied, 1 },
        { HttpStatusCode.BadRequest, "{\"__type\":\"ExpiredTokenException\",\"message\":\"expired\"}", "ExpiredTokenException", AwsErrorKind.Authentication, 1 },
        { HttpStatusCode.BadRequest, "{\"__type\":\"InvalidParameterException\",\"message\":\"bad\"}", "InvalidParameterException", AwsErrorKind.InvalidRequest, 1 },
        { HttpStatusCode.InternalServerError, "{\"__type\":\"ServerException\",\"message\":\"oops\"}", "ServerException", AwsErrorKind.ServerError, 4 },
        { HttpStatusCode.ServiceUnavailable, "<html>503 from a proxy</html>", "Http503", AwsErrorKind.ServerError, 4 },
        // A cut or garbled answer is retried like a lost one (issue 4): it says nothing about the request.
        { HttpStatusCode.OK, "{\"clusterArns\": [", "MalformedResponse", AwsErrorKind.Network, 4 },
        { HttpStatusCode.OK, "not json", "MalformedResponse", AwsErrorKind.Network, 4 },
        // Well-formed JSON of the wrong shape comes back the same on every attempt: not retried.
        { HttpStatusCode.OK, "{\"clusterArns\": 5}", "UnexpectedResponse", AwsErrorKind.InvalidRequest, 1 },
        { HttpStatusCode.OK, "{\"clusterArns\": [\"a\", {\"b\": 1}]}", "UnexpectedResponse", AwsErrorKind.InvalidRequest, 1 },
        { HttpStatusCode.Forbidden, "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>bad signature</Message></Error></Errors></ErrorResponse>", "SignatureDoesNotMatch", AwsErrorKind.Authentication, 1 },
        { HttpStatusCode.Forbidden, "<html>Forbidden by a proxy</html>", "Http403", AwsErrorKind.AccessDenied, 1 },
    };

    [Theory(DisplayName = "ECS client: AWS errors surface with their AWS error code; only transient ones are retried")]
    [MemberData(nameof(ErrorCases))]
    public async Task MapsErrors(HttpStatusCode status, string body, string code, AwsErrorKind kind, int attempts)
    {
        var (client, handler, _) = Create(_ => FakeHttpHandler.Json(status, body));
        var error = await Assert.ThrowsAsync<AwsApiException>(() => client.ListClustersAsync(null, CancellationToken.None));
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(attempts, handler.Requests.Count);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "ECS client: the x-amzn-ErrorType header names the error when the body does not")]
    public async Task ErrorTypeHeader()
    {
        var (client, _, _) = Create(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("") };
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ClusterNotFoundException:http://internal.amazon.com/");
            return response;
        });
        var error = await Assert.ThrowsAsync<AwsApiException>(() => client.ListTasksAsync("x", null, CancellationToken.None));
        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
    }

    [Fact(DisplayName = "ECS client: a network failure is retried, then reported as NetworkError")]
    public async Task NetworkErrors()
    {
        var (client, handler, _) = Create(_ => throw new HttpRequestException("Connection reset by peer"), maxRetries: 1);
        var error = await Assert.ThrowsAsync<AwsApiException>(() => client.ListClustersAsync(null, CancellationToken.None));
        Assert.Equal(("NetworkError", AwsErrorKind.Network), (error.ErrorCode, error.Kind));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory(DisplayName = "ECS limits: Describe* calls take 1 to 100 ARNs")]
    [InlineData(0)]
    [InlineData(101)]
    public async Task BatchLimits(int count)
    {
        var (client, handler, _) = Create(_ => Ok("{}"));
        var arns = Enumerable.Range(0, count).Select(i => "t" + i).ToList();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DescribeTasksAsync("c", arns, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.DescribeContainerInstancesAsync("c", arns, CancellationToken.None));
        Assert.Empty(handler.Requests);
    }

    [Theory(DisplayName = "Retries: full jitter stays within [0, min(cap, base * 2^attempt)]")]
    [InlineData(0, 0.0, 0)]
    [InlineData(0, 1.0, 200)]
    [InlineData(3, 1.0, 1600)]
    [InlineData(3, 0.5, 800)]
    [InlineData(10, 1.0, 10000)]
    [InlineData(100, 1.0, 10000)]
    public void FullJitter(int attempt, double random, double expectedMs)
    {
        var delay = AwsCallPipeline.FullJitterDelay(attempt, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), random);
        Assert.Equal(expectedMs, delay.TotalMilliseconds, 3);
    }

    private sealed class RecordingObserver : IAwsCallObserver
    {
        public List<AwsCallOutcome> Outcomes { get; } = new();

        public void OnAttempt(string service, string operation, AwsCallOutcome outcome, TimeSpan duration)
        {
            lock (Outcomes)
            {
                Outcomes.Add(outcome);
            }
        }
    }
}
