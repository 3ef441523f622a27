using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>Request and response plumbing shared by the <c>/_emulator/</c> control endpoints: JSON in, JSON out.</summary>
internal static class ControlHttp
{
    public static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body as a JSON object.</summary>
    /// <exception cref="FormatException">The body is not a JSON object.</exception>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var json = await ReadBodyAsync(context).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new FormatException("Expected a JSON object.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FormatException($"Not valid JSON: {ex.Message}", ex);
        }
    }

    public static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonFields.Serialize(body), context.RequestAborted);
    }

    /// <summary>An error as every control endpoint reports it: <c>{"error": "..."}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["error"] = message });

    public static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>True for the exceptions a bad request body or argument causes: answered 400, not 500.</summary>
    public static bool IsBadRequest(Exception ex) =>
        ex is FormatException or ArgumentException or System.Text.Json.JsonException;

    /// <summary>A required string field of a request body.</summary>
    /// <exception cref="FormatException">The field is missing or not a string.</exception>
    public static string RequiredString(JsonObject body, string name) =>
        JsonFields.AsString(body[name]) is { Length: > 0 } value ? value : throw new FormatException($"\"{name}\" must be a non-empty string.");

    /// <summary>An optional string field: null when absent.</summary>
    /// <exception cref="FormatException">The field is present but not a string.</exception>
    public static string? OptionalString(JsonObject body, string name) => body[name] switch
    {
        null => null,
        var node => JsonFields.AsString(node) ?? throw new FormatException($"\"{name}\" must be a string."),
    };
}
