using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// <c>/_emulator/sts</c>: the STS settings at run time, for tests in another process: refuse a role and allow it
/// again (a trust policy changed, a role deleted), and expire every credential issued so far.
/// </summary>
internal static class StsEndpoints
{
    private const string DeniedRoles = "/_emulator/sts/denied-roles";

    public static void Map(IEndpointRouteBuilder routes, EmulatorScenario scenario, IssuedCredentials issued)
    {
        routes.MapGet("/_emulator/sts", context => ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, scenario.ReadFleet(fleet => new JsonObject
        {
            ["accessKeys"] = Map(fleet.AccessKeys),
            ["deniedRoles"] = new JsonArray(fleet.DeniedRoles.Order(StringComparer.Ordinal).Select(role => (JsonNode)JsonValue.Create(role)).ToArray()),
            ["externalIds"] = Map(fleet.ExternalIds),
            ["credentialLifetimeSeconds"] = fleet.CredentialLifetimeSeconds,
        })));

        // {"roleArn":"arn:aws:iam::222222222222:role/discoverer"} -> 204; AssumeRole of it now gets AccessDenied.
        routes.MapPost(DeniedRoles, async context =>
        {
            try
            {
                scenario.DenyRole(ControlHttp.RequiredString(await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false), "roleArn"));
            }
            catch (Exception ex) when (ControlHttp.IsBadRequest(ex))
            {
                await ControlHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
                return;
            }

            await ControlHttp.NoContent(context).ConfigureAwait(false);
        });

        // ?roleArn=... -> 204, or 404 if the role was not denied.
        routes.MapDelete(DeniedRoles, context =>
        {
            var role = context.Request.Query["roleArn"].ToString();
            return scenario.AllowRole(role)
                ? ControlHttp.NoContent(context)
                : ControlHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Role \"{role}\" is not denied.");
        });

        // -> 200 {"expired": N}: every credential issued so far is expired from now on.
        routes.MapPost("/_emulator/sts/expire", context =>
            ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["expired"] = issued.ExpireAll() }));
    }

    private static JsonObject Map(Dictionary<string, string> pairs) =>
        new(pairs.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value))));
}
