using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// A DescribeTasks body in which some described tasks are moved to <c>failures</c>, as ECS reports a task it
/// cannot describe (reason <c>MISSING</c> when it stopped and was forgotten between ListTasks and DescribeTasks).
/// </summary>
internal static class TaskFailureResponse
{
    public static string Apply(string body, IReadOnlyCollection<string> tasks, string reason)
    {
        var root = JsonNode.Parse(body) as JsonObject ?? new JsonObject();
        if (root["tasks"] is not JsonArray described)
        {
            root["tasks"] = described = [];
        }

        if (root["failures"] is not JsonArray failures)
        {
            root["failures"] = failures = [];
        }

        foreach (var task in described.OfType<JsonObject>().ToList())
        {
            var arn = JsonFields.AsString(task["taskArn"]) ?? "";
            if (tasks.Contains(arn) || tasks.Contains(EcsArns.LastSegment(arn)))
            {
                described.Remove(task);
                failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = reason });
            }
        }

        return JsonFields.Serialize(root);
    }
}
