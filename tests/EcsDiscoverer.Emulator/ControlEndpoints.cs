using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The emulator's own endpoints under <c>/_emulator/</c> for call counts, whole-scenario
/// replacement and faults, for tests that drive it out of process. Not AWS: no auth, not
/// counted. <see cref="ThrottleEndpoints"/> and <see cref="ScenarioEndpoints"/> add the rest.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorScenario scenario, CallCounter calls, FaultInjector faults)
    {
        // Summed over every account and region, or those ?account= and ?region= select.
        routes.MapGet("/_emulator/calls", context =>
            ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, Counts(calls.Snapshot(ControlHttp.ScopeFilter(context)))));

        // {"ACCOUNT/REGION": {"ecs:ListTasks": 3, ...}, ...}: what a fleet benchmark checks scope by scope.
        routes.MapGet("/_emulator/calls/by-scope", context =>
        {
            var body = new JsonObject();
            foreach (var (scope, counts) in calls.ByScope().OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
            {
                body[scope.ToString()] = Counts(counts);
            }

            return ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
        });

        routes.MapPost("/_emulator/calls/reset", context =>
        {
            calls.Reset(ControlHttp.ScopeFilter(context));
            return ControlHttp.NoContent(context);
        });

        routes.MapPut("/_emulator/scenario", context => ApplyAsync(context, scenario.ReplaceAll));

        routes.MapPost("/_emulator/faults", context => ApplyAsync(context, json => faults.Add(FaultJson.Parse(json))));

        routes.MapDelete("/_emulator/faults", context =>
        {
            faults.Clear();
            return ControlHttp.NoContent(context);
        });
    }

    private static JsonObject Counts(IReadOnlyDictionary<string, int> counts)
    {
        var body = new JsonObject();
        foreach (var (operation, count) in counts)
        {
            body[operation] = count;
        }

        return body;
    }

    /// <summary>Feeds the request body to <paramref name="apply"/>: 204, or 400 with the reason.</summary>
    private static async Task ApplyAsync(HttpContext context, Action<string> apply)
    {
        var json = await ControlHttp.ReadBodyAsync(context).ConfigureAwait(false);
        try
        {
            apply(json);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or System.Text.Json.JsonException)
        {
            await ControlHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
