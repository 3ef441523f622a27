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

    /// <summary>
    /// The account and region a control request selects with <c>?account=...&amp;region=...</c>: each defaults to
    /// the default scope's (account <c>123456789012</c>, the scenario's <c>region</c>).
    /// </summary>
    /// <exception cref="FormatException">A selector is not an account id or a region name.</exception>
    public static AwsScope ScopeOf(HttpContext context, EmulatorScenario scenario)
    {
        var (account, region) = Selectors(context);
        var scope = new AwsScope(account ?? AwsScope.DefaultAccount, region ?? scenario.Region);
        try
        {
            return scope.Validated();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>The view of the scenario a control request selects (see <see cref="ScopeOf"/>).</summary>
    /// <exception cref="FormatException">A selector is not an account id or a region name.</exception>
    public static EmulatorScenario ScenarioOf(HttpContext context, EmulatorScenario scenario)
    {
        var scope = ScopeOf(context, scenario);
        return scenario.Scope(scope.Account, scope.Region);
    }

    /// <summary>
    /// For the call counts, which sum over accounts and regions: the scopes the <c>account</c> and <c>region</c>
    /// selectors leave in (either alone narrows by itself), or null without selectors: every scope.
    /// </summary>
    public static Func<AwsScope, bool>? ScopeFilter(HttpContext context) => Selectors(context) switch
    {
        (null, null) => null,
        var (account, region) => scope => (account is null || scope.Account == account) && (region is null || scope.Region == region),
    };

    private static (string? Account, string? Region) Selectors(HttpContext context) =>
        (NonEmpty(context.Request.Query["account"]), NonEmpty(context.Request.Query["region"]));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
