using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>The ECS JSON 1.1 protocol: <c>X-Amz-Target</c> names the operation; errors are HTTP 4xx/5xx with <c>__type</c>.</summary>
internal static class EcsHandler
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    private const string ContentType = "application/x-amz-json-1.1";

    /// <summary>What a proxy or a broken front end might answer with HTTP 200: not JSON at all.</summary>
    public static AwsReply Garbage => new(StatusCodes.Status200OK, ContentType, "<html><body>upstream answered: \u0000\u0001 not JSON</body></html>");

    /// <summary>The operation named by a target, e.g. <c>ListTasks</c>; a foreign target is kept whole.</summary>
    public static string OperationName(string target) =>
        target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;

    /// <summary>The <c>cluster</c> a request body names, or null (none, or not a JSON object: the handler reports that).</summary>
    public static string? ClusterOf(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject request ? JsonFields.AsString(request["cluster"]) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Serves the request from <paramref name="scenario"/>, the view of the caller's account and region.</summary>
    public static AwsReply Execute(EmulatorScenario scenario, HttpRequest request, string body, string target, bool authenticated)
    {
        try
        {
            return Reply(StatusCodes.Status200OK, Execute(scenario, request.ContentType, body, target, authenticated));
        }
        catch (EcsApiException ex)
        {
            return ErrorReply(StatusCodes.Status400BadRequest, ex.Code, ex.Message);
        }
    }

    public static AwsReply ErrorReply(int status, string code, string message) =>
        Reply(status, new JsonObject { ["__type"] = code, ["message"] = message }, code);

    private static JsonObject Execute(EmulatorScenario scenario, string? contentType, string body, string target, bool authenticated)
    {
        if (!authenticated)
        {
            throw new EcsApiException("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var operation = OperationName(target);
        var handler = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? EcsOperations.Find(operation) : null;
        if (handler is null)
        {
            throw new EcsApiException(
                "AccessDeniedException",
                $"User: arn:aws:iam::{scenario.Account}:user/emulator is not authorized to perform: ecs:{operation} " +
                "(the EcsDiscoverer emulator allows only the least-privilege read actions).");
        }

        // Real ECS rejects other content types; catching it here catches a client bug early.
        if (!(contentType ?? "").StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new EcsApiException("SerializationException", $"Content-Type must be {ContentType}; got \"{contentType}\".");
        }

        return handler(scenario, EcsRequest.Parse(body));
    }

    private static AwsReply Reply(int status, JsonObject body, string? errorType = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-amzn-RequestId"] = Guid.NewGuid().ToString() };
        if (errorType is not null)
        {
            headers["x-amzn-ErrorType"] = errorType;
        }

        return new AwsReply(status, ContentType, JsonFields.Serialize(body)) { Headers = headers };
    }
}
