namespace EcsDiscoverer.Emulator;

/// <summary>
/// One token bucket of AWS's request throttling, per account and region: it holds up to
/// <paramref name="Burst"/> tokens, refills at <paramref name="RefillPerSecond"/>, and every request of
/// <paramref name="Operations"/> takes one token.
/// </summary>
/// <param name="Name">The bucket's key, e.g. <c>ecs:cluster-resource-read</c>.</param>
/// <param name="Description">What AWS calls the group, e.g. "Cluster resource read actions".</param>
/// <param name="Burst">The bucket size.</param>
/// <param name="RefillPerSecond">The sustained rate.</param>
/// <param name="Operations">The operations that share it, as call-count keys (<c>ecs:ListTasks</c>, <c>ec2:DescribeInstances</c>).</param>
public sealed record AwsRateLimitBucket(string Name, string Description, int Burst, double RefillPerSecond, IReadOnlyList<string> Operations);
