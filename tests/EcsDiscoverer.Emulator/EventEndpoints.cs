using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Control endpoints for event-driven discovery: SQS queues that get the ECS task state changes, a deny switch per
/// queue, lost events on purpose, the log of recent events (for a benchmark's event-to-file latency) and background
/// churn. Queue endpoints act in the account and region <c>?account=</c> and <c>?region=</c> select (default: the
/// default scope's). Not AWS: no auth, not counted.
/// </summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorScenario root, TaskChurn churn)
    {
        // {"name":"ecs-events","ecsEvents":true} -> 201 {"queueUrl":...}
        routes.MapPost("/_emulator/queues", context => RunAsync(context, async () =>
        {
            var scope = ControlHttp.ScopeOf(context, root);
            var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
            var ecsEvents = body["ecsEvents"] switch
            {
                null => false,
                var node when node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => node.GetValue<bool>(),
                _ => throw new FormatException("\"ecsEvents\" must be true or false."),
            };
            var queue = root.Queues.Create(scope, ControlHttp.RequiredString(body, "name"), ecsEvents);
            await ControlHttp.WriteJsonAsync(context, StatusCodes.Status201Created, new JsonObject { ["queueUrl"] = root.Queues.UrlOf(queue) }).ConfigureAwait(false);
        }));

        // [{"account","region","name","url","arn","ecsEvents","denied","visible","notVisible"}, ...]
        routes.MapGet("/_emulator/queues", context => ControlHttp.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            new JsonArray(root.Queues.All().Select(queue =>
            {
                var (visible, notVisible) = queue.Counts();
                return (JsonNode)new JsonObject
                {
                    ["account"] = queue.Scope.Account,
                    ["region"] = queue.Scope.Region,
                    ["name"] = queue.Name,
                    ["url"] = root.Queues.UrlOf(queue),
                    ["arn"] = queue.Arn,
                    ["ecsEvents"] = queue.EcsEvents,
                    ["denied"] = queue.Denied,
                    ["visible"] = visible,
                    ["notVisible"] = notVisible,
                };
            }).ToArray())));

        routes.MapPost("/_emulator/queues/deny", context => SwitchAsync(context, root, denied: true));
        routes.MapPost("/_emulator/queues/allow", context => SwitchAsync(context, root, denied: false));

        // {"emitted":n,"dropped":n,"recent":[{"time","timeMs","taskArn","taskId","cluster","lastStatus","version","dropped"}, ...]}
        routes.MapGet("/_emulator/events", context => RunAsync(context, () =>
        {
            var since = context.Request.Query["since"].ToString() is { Length: > 0 } text
                ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : throw new FormatException("\"since\" must be epoch milliseconds.")
                : 0;
            var recent = new JsonArray(root.RecentEvents(since).Select(e => (JsonNode)new JsonObject
            {
                ["time"] = TaskStateChangeEvent.IsoMillis(e.TimeMs),
                ["timeMs"] = e.TimeMs,
                ["taskArn"] = e.TaskArn,
                ["taskId"] = e.TaskId,
                ["cluster"] = e.Cluster,
                ["lastStatus"] = e.LastStatus,
                ["version"] = e.Version,
                ["dropped"] = e.Dropped,
            }).ToArray());
            return ControlHttp.WriteJsonAsync(
                context,
                StatusCodes.Status200OK,
                new JsonObject { ["emitted"] = root.EventsEmitted, ["dropped"] = root.EventsDropped, ["recent"] = recent });
        }));

        // {"count":3}: the next 3 events reach no queue.
        routes.MapPost("/_emulator/events/drop", context => RunAsync(context, async () =>
        {
            var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
            root.DropNextEvents(Integer(body, "count", 0, 1_000_000) ?? throw new FormatException("\"count\" is required."));
            await ControlHttp.NoContent(context).ConfigureAwait(false);
        }));

        // {"perMinute":100,"account":"...","region":"..."}; 0 stops.
        routes.MapPost("/_emulator/churn", context => RunAsync(context, async () =>
        {
            var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
            var perMinute = Integer(body, "perMinute", 0, TaskChurn.MaxPerMinute) ?? throw new FormatException("\"perMinute\" is required.");
            var selected = ControlHttp.ScopeOf(context, root);
            var scope = new AwsScope(
                ControlHttp.OptionalString(body, "account") ?? selected.Account,
                ControlHttp.OptionalString(body, "region") ?? selected.Region);
            await churn.SetAsync(root.Scope(scope.Account, scope.Region), perMinute).ConfigureAwait(false);
            await ControlHttp.NoContent(context).ConfigureAwait(false);
        }));

        routes.MapGet("/_emulator/churn", context =>
        {
            var scope = churn.Scope;
            return ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                ["perMinute"] = churn.PerMinute,
                ["account"] = scope?.Account,
                ["region"] = scope?.Region,
                ["replaced"] = churn.Replaced,
                ["failed"] = churn.Failed,
            });
        });
    }

    /// <summary>{"queue":"NAME"}: denies or allows every SQS call on the queue (204; 404 for an unknown queue).</summary>
    private static Task SwitchAsync(HttpContext context, EmulatorScenario root, bool denied) => RunAsync(context, async () =>
    {
        var scope = ControlHttp.ScopeOf(context, root);
        var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
        var name = ControlHttp.RequiredString(body, "queue");
        if (root.Queues.Find(scope, name) is not { } queue)
        {
            await ControlHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"No queue \"{name}\" in {scope}.").ConfigureAwait(false);
            return;
        }

        queue.Denied = denied;
        await ControlHttp.NoContent(context).ConfigureAwait(false);
    });

    private static int? Integer(JsonObject body, string name, int min, int max) => body[name] switch
    {
        null => null,
        var node when JsonFields.TryGetInteger(node, out var value) && value >= min && value <= max => (int)value,
        _ => throw new FormatException($"\"{name}\" must be an integer from {min} to {max}."),
    };

    /// <summary>Runs a handler; a bad body or argument becomes 400 with the reason.</summary>
    private static async Task RunAsync(HttpContext context, Func<Task> handle)
    {
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (Exception ex) when (ControlHttp.IsBadRequest(ex) && !context.Response.HasStarted)
        {
            await ControlHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
        }
    }
}
