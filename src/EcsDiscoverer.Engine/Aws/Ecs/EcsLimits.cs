namespace EcsDiscoverer.Engine.Aws.Ecs;

/// <summary>The page and batch limits of the ECS API, which every caller must respect.</summary>
internal static class EcsLimits
{
    /// <summary>ListClusters and ListTasks return at most this many items per page.</summary>
    public const int ListPageSize = 100;

    /// <summary>DescribeTasks and DescribeContainerInstances take at most this many ARNs.</summary>
    public const int DescribeBatchSize = 100;
}
