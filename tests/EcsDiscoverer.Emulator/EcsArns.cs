namespace EcsDiscoverer.Emulator;

/// <summary>ARNs as ECS formats them, for the emulator's fixed account.</summary>
internal static class EcsArns
{
    public const string Account = "123456789012";

    public static string Cluster(string region, string name) => $"{Prefix(region)}cluster/{name}";

    public static string Task(string region, string cluster, string id) => $"{Prefix(region)}task/{cluster}/{id}";

    public static string TaskDefinition(string region, string family, long revision) =>
        $"{Prefix(region)}task-definition/{family}:{revision}";

    public static string ContainerInstance(string region, string cluster, string id) =>
        $"{Prefix(region)}container-instance/{cluster}/{id}";

    public static string Container(string region, string cluster, string taskId, string id) =>
        $"{Prefix(region)}container/{cluster}/{taskId}/{id}";

    public static bool IsArn(string value) => value.StartsWith("arn:", StringComparison.Ordinal);

    /// <summary>The id in an ARN: its last path segment (old and new ECS ARN formats alike).</summary>
    public static string LastSegment(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    /// <summary>What follows <paramref name="marker"/> in an ARN, e.g. "web:3" after "task-definition/".</summary>
    public static string? After(string arn, string marker)
    {
        var at = arn.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : arn[(at + marker.Length)..];
    }

    /// <summary>
    /// Container ids are GUIDs in real ECS; deriving them from the task and name keeps them
    /// stable across runs, so tests can write them into expected output.
    /// </summary>
    public static string StableContainerId(string cluster, string taskId, string containerName) =>
        StableIds.Uuid($"{cluster}/{taskId}/{containerName}");

    private static string Prefix(string region) => $"arn:aws:ecs:{region}:{Account}:";
}
