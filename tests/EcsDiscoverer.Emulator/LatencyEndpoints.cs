using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// <c>/_emulator/latency</c>: read, set and clear the per-request latency from another process, e.g.
/// <c>PUT {"milliseconds":20}</c>.
/// </summary>
internal static class LatencyEndpoints
{
    private const string Path = "/_emulator/latency";

    public static void Map(IEndpointRouteBuilder routes, EmulatorLatency latency)
    {
        routes.MapGet(Path, context =>
            ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["milliseconds"] = latency.Value.TotalMilliseconds }));

        routes.MapPut(Path, async context =>
        {
            try
            {
                var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
                if (!JsonFields.TryGetNumber(body["milliseconds"], out var milliseconds) || !double.IsFinite(milliseconds))
                {
                    throw new FormatException("\"milliseconds\" must be a number from 0 to 60000.");
                }

                latency.Value = TimeSpan.FromMilliseconds(milliseconds);
            }
            catch (Exception ex) when (ControlHttp.IsBadRequest(ex))
            {
                await ControlHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
                return;
            }

            await ControlHttp.NoContent(context).ConfigureAwait(false);
        });

        routes.MapDelete(Path, context =>
        {
            latency.Value = TimeSpan.Zero;
            return ControlHttp.NoContent(context);
        });
    }
}
