using System.Globalization;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The EventBridge envelope of an "ECS Task State Change" event, as a rule delivers it to an SQS queue (the ECS
/// developer guide's example): <c>version</c> "0", an id, <c>detail-type</c>, <c>source</c> <c>aws.ecs</c>, account,
/// <c>time</c> in whole seconds, region, <c>resources</c> [task ARN], and the task as <c>detail</c>: as DescribeTasks
/// renders it but without <c>tags</c>, with its timestamps as ISO 8601 strings with milliseconds (events carry no
/// epoch numbers), <c>updatedAt</c> the time of the change, and the task's <c>version</c>.
/// </summary>
internal static class TaskStateChangeEvent
{
    public const string DetailType = "ECS Task State Change";

    public static JsonObject Build(AwsScope scope, JsonObject task, long nowMs, string id)
    {
        var detail = (JsonObject)task.DeepClone();
        detail.Remove("tags");
        IsoTimestamps(detail);
        detail["updatedAt"] = IsoMillis(nowMs);
        detail["version"] = VersionOf(task);
        var arn = JsonFields.AsString(task["taskArn"]);
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = id,
            ["detail-type"] = DetailType,
            ["source"] = "aws.ecs",
            ["account"] = scope.Account,
            ["time"] = DateTimeOffset.FromUnixTimeMilliseconds(nowMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = scope.Region,
            ["resources"] = new JsonArray(arn is null ? [] : [JsonValue.Create(arn)]),
            ["detail"] = detail,
        };
    }

    /// <summary>The task's <c>version</c>; 1 for a task a scenario file wrote without one.</summary>
    public static long VersionOf(JsonObject task) => JsonFields.TryGetInteger(task["version"], out var version) ? version : 1;

    /// <summary><c>2026-12-06T13:00:00.123Z</c>.</summary>
    public static string IsoMillis(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // JSON 1.1 sends timestamps as epoch seconds (createdAt, startedAt, pullStartedAt, managedAgents' lastStartedAt,
    // ...): every numeric field named *At, at any depth, becomes the ISO string events carry.
    private static void IsoTimestamps(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(pair => pair.Key).ToList())
                {
                    if (name.EndsWith("At", StringComparison.Ordinal) && JsonFields.TryGetNumber(obj[name], out var seconds))
                    {
                        obj[name] = IsoMillis((long)Math.Round(seconds * 1000));
                    }
                    else
                    {
                        IsoTimestamps(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    IsoTimestamps(item);
                }

                break;
        }
    }
}
