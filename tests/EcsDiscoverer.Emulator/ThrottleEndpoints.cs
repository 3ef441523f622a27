using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// <c>/_emulator/throttle</c>: read, set and clear the rate limit from another process, e.g.
/// <c>PUT {"requestsPerSecond":20,"burst":50}</c> (a bucket per service) or <c>PUT {"awsLimits":true}</c>
/// (AWS's buckets per group of actions, <see cref="AwsRateLimits"/>).
/// </summary>
internal static class ThrottleEndpoints
{
    private const string Path = "/_emulator/throttle";

    public static void Map(IEndpointRouteBuilder routes, RequestThrottle throttle, EmulatorScenario scenario)
    {
        // With AWS's buckets, "available" is of the account and region the query selects (default: the default scope).
        routes.MapGet(Path, context =>
        {
            AwsScope scope;
            try
            {
                scope = ControlHttp.ScopeOf(context, scenario);
            }
            catch (FormatException ex)
            {
                return ControlHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            }

            var body = (throttle.Settings, throttle.AwsLimiterOf(scope)) switch
            {
                ({ } settings, _) => new JsonObject
                {
                    ["enabled"] = true, ["mode"] = "per-service", ["requestsPerSecond"] = settings.RequestsPerSecond, ["burst"] = settings.Burst,
                },
                (_, { } aws) => new JsonObject { ["enabled"] = true, ["mode"] = "aws-limits", ["buckets"] = Buckets(aws) },
                _ => new JsonObject { ["enabled"] = false },
            };
            return ControlHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
        });

        routes.MapPut(Path, async context =>
        {
            try
            {
                var body = await ControlHttp.ReadObjectAsync(context).ConfigureAwait(false);
                if (body.ContainsKey("awsLimits"))
                {
                    if (body.Count != 1 || body["awsLimits"] is not JsonValue flag || flag.GetValueKind() != System.Text.Json.JsonValueKind.True)
                    {
                        throw new FormatException("AWS's limits are turned on with {\"awsLimits\":true} alone (DELETE turns throttling off).");
                    }

                    throttle.SetAwsLimits();
                }
                else
                {
                    throttle.Set(Parse(body));
                }
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

    // Each bucket's settings, its operations and the tokens it holds now (full until first used).
    private static JsonArray Buckets(AwsRateLimiter aws) => new(AwsRateLimits.Buckets.Select(bucket => (JsonNode)new JsonObject
    {
        ["name"] = bucket.Name,
        ["description"] = bucket.Description,
        ["burst"] = bucket.Burst,
        ["refillPerSecond"] = bucket.RefillPerSecond,
        ["operations"] = new JsonArray(bucket.Operations.Select(op => (JsonNode)JsonValue.Create(op)).ToArray()),
        ["available"] = Math.Round(aws.Available(bucket.Operations[0]), 3),
    }).Append(new JsonObject
    {
        ["name"] = "(any other operation)",
        ["description"] = "a bucket of its own per operation",
        ["burst"] = AwsRateLimits.OtherBurst,
        ["refillPerSecond"] = AwsRateLimits.OtherRefillPerSecond,
    }).ToArray());

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
