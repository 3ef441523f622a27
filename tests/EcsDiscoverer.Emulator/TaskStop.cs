using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>What ECS StopTask does to a task: desired and last status STOPPED, its containers STOPPED, the stop code and times.</summary>
internal static class TaskStop
{
    public static void Apply(JsonObject task, long nowMs)
    {
        // Epoch seconds with milliseconds, as JSON 1.1 sends timestamps (events turn them into ISO strings).
        var at = JsonValue.Create(nowMs / 1000m);
        task["desiredStatus"] = "STOPPED";
        task["lastStatus"] = "STOPPED";
        task.TryAdd("stopCode", "UserInitiated");
        task.TryAdd("stoppedReason", "Task stopped by user");
        task["stoppingAt"] = at.DeepClone();
        task["executionStoppedAt"] = at.DeepClone();
        task["stoppedAt"] = at;
        foreach (var container in (task["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["lastStatus"] = "STOPPED";
            container.TryAdd("exitCode", 0);
        }
    }
}
