using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// <c>/_emulator/throttle</c>: read, set and clear the rate limit from another process, e.g.
/// <c>PUT {"requestsPerSecond":20,"burst":50}</c>.
/// </summary>
internal static class ThrottleEndpoints
{
    private const string Path = "/_emulator/throttle";

    public static void Map(IEndpointRouteBuilder routes, RequestThrottle throttle)
    {
        routes.MapGet(Path, context =>
        {
            var body = throttle.Settings is { } settings
                ? new JsonObject { ["enabled"] = true, ["requestsPerSecond"] = settings.RequestsPerSecond, ["burst"] = settings.Burst }
                : new JsonObject { ["enabled"] = false };
            return ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
        });

        routes.MapPut(Path, async context =>
        {
            try
            {
                throttle.Set(Parse(await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false)));
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
            throttle.Clear();
            return ControlHttp.NoContent(context);
        });
    }

    private static ThrottleSettings Parse(JsonObject body)
    {
        if (!JsonFields.TryGetNumber(body["requestsPerSecond"], out var rate))
        {
            throw new FormatException("\"requestsPerSecond\" must be a number greater than 0.");
        }

        if (!JsonFields.TryGetInteger(body["burst"], out var burst) || burst is < 1 or > int.MaxValue)
        {
            throw new FormatException("\"burst\" must be an integer of 1 or more.");
        }

        ThrottleSettings.Validate(rate, (int)burst);
        return new ThrottleSettings(rate, (int)burst);
    }
}
