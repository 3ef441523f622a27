namespace EcsDiscoverer.Emulator;

/// <summary>ARNs as ECS formats them, in the account and region of the state they belong to.</summary>
internal static class EcsArns
{
    public const string Account = AwsScope.DefaultAccount;

    public static string Cluster(AwsScope scope, string name) => $"{Prefix(scope)}cluster/{name}";

    public static string Task(AwsScope scope, string cluster, string id) => $"{Prefix(scope)}task/{cluster}/{id}";

    public static string TaskDefinition(AwsScope scope, string family, long revision) =>
        $"{Prefix(scope)}task-definition/{family}:{revision}";

    public static string ContainerInstance(AwsScope scope, string cluster, string id) =>
        $"{Prefix(scope)}container-instance/{cluster}/{id}";

    public static string Container(AwsScope scope, string cluster, string taskId, string id) =>
        $"{Prefix(scope)}container/{cluster}/{taskId}/{id}";

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

    private static string Prefix(AwsScope scope) => $"arn:aws:ecs:{scope.Region}:{scope.Account}:";
}
