namespace EcsDiscoverer.Emulator;

/// <summary>
/// The request throttling AWS documents for the calls discovery makes, modelled for
/// <c>--aws-limits</c>: ECS keeps a token bucket per group of actions ("Request throttling for the
/// Amazon ECS API"; ListTasks and DescribeTasks share one), EC2 one per action (DescribeInstances:
/// the conservative "unfiltered and unpaginated" bucket). Every operation not listed has a bucket of
/// its own of <see cref="OtherBurst"/> and <see cref="OtherRefillPerSecond"/>.
/// </summary>
public static class AwsRateLimits
{
    /// <summary>The bucket size of an operation outside <see cref="Buckets"/>.</summary>
    public const int OtherBurst = 50;

    /// <summary>The refill rate of an operation outside <see cref="Buckets"/>.</summary>
    public const double OtherRefillPerSecond = 20;

    /// <summary>The modelled groups: ECS cluster reads, cluster resource reads, task definition reads, and EC2 DescribeInstances.</summary>
    public static IReadOnlyList<AwsRateLimitBucket> Buckets { get; } =
    [
        new("ecs:cluster-read", "Cluster read actions", 50, 20, ["ecs:ListClusters", "ecs:DescribeClusters"]),
        new("ecs:cluster-resource-read", "Cluster resource read actions", 100, 20,
            ["ecs:ListTasks", "ecs:DescribeTasks", "ecs:DescribeContainerInstances", "ecs:ListContainerInstances", "ecs:ListAttributes"]),
        new("ecs:task-definition-read", "Task definition read actions", 50, 20,
            ["ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:ListTaskDefinitionFamilies"]),
        new("ec2:DescribeInstances", "EC2 DescribeInstances (unfiltered and unpaginated)", 50, 10, ["ec2:DescribeInstances"]),
    ];

    private static readonly Dictionary<string, AwsRateLimitBucket> ByOperation =
        Buckets.SelectMany(b => b.Operations.Select(op => (op, b))).ToDictionary(p => p.op, p => p.b, StringComparer.Ordinal);

    /// <summary>
    /// The bucket an operation (a call-count key, <c>ecs:ListTasks</c>) draws on: one of <see cref="Buckets"/>,
    /// or a bucket of its own named after the operation.
    /// </summary>
    public static AwsRateLimitBucket BucketOf(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ByOperation.TryGetValue(operation, out var bucket)
            ? bucket
            : new AwsRateLimitBucket(operation, "an operation of its own", OtherBurst, OtherRefillPerSecond, [operation]);
    }
}
