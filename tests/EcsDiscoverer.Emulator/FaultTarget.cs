namespace EcsDiscoverer.Emulator;

/// <summary>
/// What a fault can be narrowed by: the request's operation key, the cluster it names (ECS), the instances it asks
/// for (EC2), and the account and region it was signed for.
/// </summary>
internal sealed record FaultTarget(string Operation, string? Cluster, IReadOnlyCollection<string> InstanceIds, AwsScope Scope)
{
    public bool IsMatchedBy(EmulatorFault fault) =>
        MatchesOperation(fault.Operation)
        && (fault.Account is null || fault.Account == Scope.Account)
        && (fault.Region is null || fault.Region == Scope.Region)
        && (fault.Cluster is null || (Cluster is not null && ClusterName(Cluster) == ClusterName(fault.Cluster)))
        && (fault.InstanceId is null || InstanceIds.Contains(fault.InstanceId));

    private bool MatchesOperation(string pattern) => pattern switch
    {
        "*" => true,
        "ecs:*" or "ec2:*" or "sts:*" or "sqs:*" => Operation.StartsWith(pattern[..4], StringComparison.Ordinal),
        _ => Operation == pattern,
    };

    private static string ClusterName(string nameOrArn) =>
        EcsArns.IsArn(nameOrArn) && EcsArns.After(nameOrArn, ":cluster/") is { } name ? name : nameOrArn;
}
