using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Small changes to the live scenario for tests in another process (Pester), so they need not
/// replace the whole state: start and stop tasks, register a task definition revision, add a
/// cluster or a container instance with its EC2 instance. Each maps onto an
/// <see cref="EmulatorScenario"/> member. Clusters are named in the path by name, not ARN. Each acts in
/// the account and region that <c>?account=</c> and <c>?region=</c> select, by default the default scope's.
/// </summary>
internal static class ScenarioEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorScenario root)
    {
        // [{"account","region","clusters","runningTasks","listingFloor"}, ...]: what each account and region holds,
        // and the fewest ECS calls a listing round of it can make, for a fleet benchmark to hold its counts to.
        routes.MapGet("/_emulator/scopes", context => ControlHttp.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            new JsonArray(root.Scopes.Select(scope => (JsonNode)root.In(scope).Read(state => new JsonObject
            {
                ["account"] = scope.Account,
                ["region"] = scope.Region,
                ["clusters"] = state.Clusters.Count,
                ["runningTasks"] = state.Clusters.Sum(c => c.TaskArns("RUNNING").Count),
                ["listingFloor"] = state.ListingFloor,
            })).ToArray())));

        // {"name":"c9"} -> 201 {"clusterArn":...}
        routes.MapPost("/_emulator/clusters", context => RunAsync(context, async () =>
        {
            var scenario = ControlHttp.ScenarioOf(context, root);
            var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
            var arn = scenario.AddCluster(ControlHttp.RequiredString(body, "name"));
            await ControlHttp.WriteJsonAsync(context, StatusCodes.Status201Created, new JsonObject { ["clusterArn"] = arn }).ConfigureAwait(false);
        }));

        routes.MapDelete("/_emulator/clusters/{cluster}", context => RunAsync(context, () =>
            ControlHttp.ScenarioOf(context, root).RemoveCluster(Route(context, "cluster"))
                ? ControlHttp.NoContent(context)
                : ControlHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"No cluster \"{Route(context, "cluster")}\".")));

        // {"count":3,"taskDefinition":"fam0:1","containerInstance":"ci0"} -> 201 {"taskArns":[...]}
        routes.MapPost("/_emulator/clusters/{cluster}/tasks", context => WithClusterAsync(context, root, async (scenario, cluster) =>
        {
            var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
            var count = body["count"] is null ? 1
                : JsonFields.TryGetInteger(body["count"], out var n) && n is >= 1 and <= TaskLauncher.MaxCount ? (int)n
                : throw new FormatException($"\"count\" must be an integer from 1 to {TaskLauncher.MaxCount}.");
            var arns = scenario.RunTasks(
                cluster,
                ControlHttp.RequiredString(body, "taskDefinition"),
                ControlHttp.OptionalString(body, "containerInstance"),
                count);
            var taskArns = new JsonArray(arns.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
            await ControlHttp.WriteJsonAsync(context, StatusCodes.Status201Created, new JsonObject { ["taskArns"] = taskArns }).ConfigureAwait(false);
        }));

        // Removes the task; with ?stopped=true it stays, STOPPED, as ECS keeps stopped tasks for a while.
        routes.MapDelete("/_emulator/clusters/{cluster}/tasks/{taskId}", context => WithClusterAsync(context, root, (scenario, cluster) =>
        {
            var taskId = Route(context, "taskId");
            var found = string.Equals(context.Request.Query["stopped"], "true", StringComparison.OrdinalIgnoreCase)
                ? scenario.StopTask(cluster, taskId)
                : scenario.RemoveTask(cluster, taskId);
            return found
                ? ControlHttp.NoContent(context)
                : ControlHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Cluster {cluster} has no task \"{taskId}\".");
        }));

        // {"id":"ci9","ec2InstanceId":"i-09","privateIpAddress":"10.9.0.9"} -> 201 {"containerInstanceArn":...}
        routes.MapPost("/_emulator/clusters/{cluster}/container-instances", context => WithClusterAsync(context, root, async (scenario, cluster) =>
        {
            var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
            var arn = AddContainerInstance(
                scenario,
                cluster,
                ControlHttp.RequiredString(body, "id"),
                ControlHttp.RequiredString(body, "ec2InstanceId"),
                ControlHttp.OptionalString(body, "privateIpAddress"),
                ControlHttp.OptionalString(body, "availabilityZone"));
            await ControlHttp.WriteJsonAsync(context, StatusCodes.Status201Created, new JsonObject { ["containerInstanceArn"] = arn }).ConfigureAwait(false);
        }));

        // A task definition as in the scenario file -> 201 {"taskDefinitionArn":...}
        routes.MapPost("/_emulator/task-definitions", context => RunAsync(context, async () =>
        {
            var scenario = ControlHttp.ScenarioOf(context, root);
            var arn = scenario.AddTaskDefinition(await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false));
            await ControlHttp.WriteJsonAsync(context, StatusCodes.Status201Created, new JsonObject { ["taskDefinitionArn"] = arn }).ConfigureAwait(false);
        }));
    }

    /// <summary>
    /// Adds the EC2 instance unless it exists, then the container instance; if the second step
    /// fails the instance added in the first is removed again, so a 400 leaves no half change.
    /// </summary>
    private static string AddContainerInstance(EmulatorScenario scenario, string cluster, string id, string ec2InstanceId, string? privateIp, string? zone)
    {
        var (exists, existingIp) = scenario.Read(state => state.FindInstance(ec2InstanceId) is { } instance
            ? (true, JsonFields.AsString(instance["privateIpAddress"]))
            : (false, null));
        if (exists && privateIp is not null && existingIp != privateIp)
        {
            throw new ArgumentException($"EC2 instance {ec2InstanceId} exists with private IP {existingIp ?? "(none)"}, not {privateIp}.");
        }

        if (!exists)
        {
            scenario.AddInstance(ec2InstanceId, privateIp, availabilityZone: zone);
        }

        try
        {
            return scenario.AddContainerInstance(cluster, id, ec2InstanceId);
        }
        catch (Exception ex) when (ControlHttp.IsBadRequest(ex) && !exists)
        {
            scenario.RemoveInstance(ec2InstanceId);
            throw;
        }
    }

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    /// <summary>
    /// 404 for a cluster the selected account and region lack; otherwise runs <paramref name="handle"/> with that
    /// account and region's view, like <see cref="RunAsync"/>.
    /// </summary>
    private static Task WithClusterAsync(HttpContext context, EmulatorScenario root, Func<EmulatorScenario, string, Task> handle) => RunAsync(context, () =>
    {
        var scenario = ControlHttp.ScenarioOf(context, root);
        var cluster = Route(context, "cluster");
        return scenario.HasCluster(cluster)
            ? handle(scenario, cluster)
            : ControlHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"No cluster \"{cluster}\" in {scenario.AccountRegion}.");
    });

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
