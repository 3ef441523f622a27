using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Aws.Resilience;
using static EcsDiscoverer.Engine.Aws.Ecs.EcsWireFormat;

namespace EcsDiscoverer.Engine.Aws.Ecs;

/// <summary>
/// The project's own ECS client: JSON 1.1 over an <see cref="HttpClient"/> whose handler chain signs
/// each send with SigV4 (so retries are re-signed). Each call runs through the shared retry pipeline.
/// </summary>
internal sealed class EcsJsonClient : IEcsApi
{
    private const string Service = "ecs";
    private static readonly System.Text.RegularExpressions.Regex XmlErrorCode =
        new("<Code>([^<]{1,200})</Code>", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly System.Text.RegularExpressions.Regex XmlErrorMessage =
        new("<Message>([^<]{0,2000})</Message>", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AwsCallPipeline _pipeline;

    /// <summary>Creates a client.</summary>
    /// <param name="http">An HTTP client whose handler chain signs requests for the <c>ecs</c> service.</param>
    /// <param name="endpoint">The ECS endpoint, e.g. <c>https://ecs.eu-west-1.amazonaws.com/</c>.</param>
    /// <param name="pipeline">Retries and call accounting.</param>
    public EcsJsonClient(HttpClient http, Uri endpoint, AwsCallPipeline pipeline)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    }

    /// <inheritdoc />
    public async Task<EcsPage<string>> ListClustersAsync(string? nextToken, CancellationToken cancellationToken)
    {
        var response = await CallAsync<ListClustersRequest, ListClustersResponse>(
            "ListClusters", new ListClustersRequest { NextToken = nextToken }, cancellationToken).ConfigureAwait(false);
        return new EcsPage<string>(response.ClusterArns ?? new List<string>(), EmptyToNull(response.NextToken));
    }

    /// <inheritdoc />
    public async Task<EcsPage<string>> ListTasksAsync(string cluster, string? nextToken, CancellationToken cancellationToken)
    {
        var response = await CallAsync<ListTasksRequest, ListTasksResponse>(
            "ListTasks", new ListTasksRequest { Cluster = cluster, NextToken = nextToken }, cancellationToken).ConfigureAwait(false);
        return new EcsPage<string>(response.TaskArns ?? new List<string>(), EmptyToNull(response.NextToken));
    }

    /// <inheritdoc />
    public async Task<EcsBatch<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken)
    {
        CheckBatch(taskArns, nameof(taskArns));
        var response = await CallAsync<DescribeTasksRequest, DescribeTasksResponse>(
            "DescribeTasks",
            new DescribeTasksRequest { Cluster = cluster, Tasks = taskArns.ToList() },
            cancellationToken,
            r => Unaccounted(r.Tasks?.Count, r.Failures?.Count, taskArns.Count, "tasks")).ConfigureAwait(false);
        return new EcsBatch<EcsTask>(response.Tasks ?? new List<EcsTask>(), response.Failures ?? new List<EcsFailure>());
    }

    /// <inheritdoc />
    public async Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        // A registered task definition has at least one container definition; one without would be cached for good.
        // It is well-formed JSON, so the same answer would come again: not retried, its tasks are skipped this round.
        var response = await CallAsync<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse>(
            "DescribeTaskDefinition",
            new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition },
            cancellationToken,
            r => r.TaskDefinition is null ? "the response has no taskDefinition"
                : r.TaskDefinition.ContainerDefinitions is not { Count: > 0 } ? "the task definition has no containerDefinitions"
                : null,
            AwsErrorClassifier.UnexpectedResponse).ConfigureAwait(false);
        var definition = response.TaskDefinition!;
        definition.Tags = response.Tags is { Count: > 0 } ? response.Tags : null;
        return definition;
    }

    /// <inheritdoc />
    public async Task<EcsBatch<EcsContainerInstance>> DescribeContainerInstancesAsync(
        string cluster, IReadOnlyList<string> containerInstanceArns, CancellationToken cancellationToken)
    {
        CheckBatch(containerInstanceArns, nameof(containerInstanceArns));
        var response = await CallAsync<DescribeContainerInstancesRequest, DescribeContainerInstancesResponse>(
            "DescribeContainerInstances",
            new DescribeContainerInstancesRequest { Cluster = cluster, ContainerInstances = containerInstanceArns.ToList() },
            cancellationToken,
            r => Unaccounted(r.ContainerInstances?.Count, r.Failures?.Count, containerInstanceArns.Count, "container instances")).ConfigureAwait(false);
        return new EcsBatch<EcsContainerInstance>(
            response.ContainerInstances ?? new List<EcsContainerInstance>(), response.Failures ?? new List<EcsFailure>());
    }

    /// <summary>
    /// ECS answers a Describe call with every item asked for, either described or under <c>failures</c>. An answer that
    /// accounts for fewer is not one to act on: its silence would drop live targets.
    /// </summary>
    private static string? Unaccounted(int? described, int? failed, int asked, string what)
    {
        var accounted = (described ?? 0) + (failed ?? 0);
        return accounted >= asked ? null : $"the response accounts for {accounted} of the {asked} {what} asked for";
    }

    private Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation, TRequest request, CancellationToken cancellationToken, Func<TResponse, string?>? problemOf = null,
        string problemCode = AwsErrorClassifier.MalformedResponse)
        where TResponse : class
    {
        var body = JsonSerializer.Serialize(request, Options);
        return _pipeline.ExecuteAsync(Service, operation, async ct =>
        {
            // A new message per attempt: a sent HttpRequestMessage cannot be sent again.
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new StringContent(body, Encoding.UTF8),
            };
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
            message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);

            using var response = await SendAsync(operation, message, ct).ConfigureAwait(false);
            var text = await ReadBodyAsync(operation, response).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ParseError(operation, response, text);
            }

            TResponse parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<TResponse>(text, Options)
                    ?? throw new AwsApiException(Service, operation, AwsErrorClassifier.MalformedResponse, "the response body is empty", response.StatusCode);
            }
            catch (JsonException ex) when (JsonSyntax.IsWellFormed(text))
            {
                throw new AwsApiException(Service, operation, AwsErrorClassifier.UnexpectedResponse, $"the response does not fit the API model: {ex.Message}", response.StatusCode, ex);
            }
            catch (JsonException ex)
            {
                throw new AwsApiException(Service, operation, AwsErrorClassifier.MalformedResponse, $"the response is not valid JSON: {ex.Message}", response.StatusCode, ex);
            }

            return problemOf?.Invoke(parsed) is { } problem
                ? throw new AwsApiException(Service, operation, problemCode, problem, response.StatusCode)
                : parsed;
        }, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsApiException(Service, operation, "NetworkError", ex.Message, null, ex);
        }
    }

    private static async Task<string> ReadBodyAsync(string operation, HttpResponseMessage response)
    {
        try
        {
            return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsApiException(Service, operation, "NetworkError", ex.Message, response.StatusCode, ex);
        }
    }

    /// <summary>Reads the AWS error code from <c>__type</c> (or the <c>x-amzn-ErrorType</c> header).</summary>
    internal static AwsApiException ParseError(string operation, HttpResponseMessage response, string body)
    {
        string? code = null;
        string? message = null;
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body, Options);
            code = error?.Type;
            message = error?.Message;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, a truncated body): fall back to the header and status.
        }

        if (string.IsNullOrEmpty(code) && response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault();
        }

        if (string.IsNullOrEmpty(code))
        {
            // Some front ends (an emulator's auth layer, a proxy) answer in the query protocol's XML.
            var xmlCode = XmlErrorCode.Match(body);
            if (xmlCode.Success)
            {
                code = xmlCode.Groups[1].Value;
                var xmlMessage = XmlErrorMessage.Match(body);
                message ??= xmlMessage.Success ? xmlMessage.Groups[1].Value : null;
            }
        }

        code = NormalizeErrorCode(code) ?? $"Http{(int)response.StatusCode}";
        message = string.IsNullOrEmpty(message) ? response.ReasonPhrase ?? "no message" : message;
        return new AwsApiException(Service, operation, code, message!, response.StatusCode);
    }

    /// <summary><c>com.amazonaws.ecs#ClusterNotFoundException</c> and <c>X:http://...</c> both become <c>X</c>.</summary>
    internal static string? NormalizeErrorCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var value = code!.Trim();
        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value.Substring(hash + 1);
        }

        var colon = value.IndexOf(':');
        if (colon > 0)
        {
            value = value.Substring(0, colon);
        }

        return value.Length == 0 ? null : value;
    }

    private static void CheckBatch(IReadOnlyList<string> items, string name)
    {
        if (items.Count == 0 || items.Count > EcsLimits.DescribeBatchSize)
        {
            throw new ArgumentOutOfRangeException(name, items.Count, $"A batch takes 1 to {EcsLimits.DescribeBatchSize} items.");
        }
    }

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
