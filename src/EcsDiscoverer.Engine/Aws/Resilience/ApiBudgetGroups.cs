using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// AWS's documented request throttling, per account and region, for the calls discovery makes:
/// "Request throttling for the Amazon ECS API" (a bucket shared by each category of actions) and "Request
/// throttling for the Amazon EC2 API" (a bucket per action; DescribeInstances by instance ids counts as unfiltered
/// and unpaginated, the smaller bucket). Operations not listed get a bucket of their own with <see cref="Other"/>'s size.
/// </summary>
public static class ApiBudgetGroups
{
    /// <summary>ListClusters, DescribeClusters: 50, 20/s.</summary>
    public static readonly ApiBudgetGroup EcsClusterRead = new("ecs-cluster-read", "ecs", new[] { "ListClusters", "DescribeClusters" }, 50, 20);

    /// <summary>ListTasks, DescribeTasks, DescribeContainerInstances (and ListContainerInstances, ListAttributes): 100, 20/s.</summary>
    public static readonly ApiBudgetGroup EcsClusterResourceRead = new(
        "ecs-cluster-resource-read", "ecs", new[] { "ListTasks", "DescribeTasks", "DescribeContainerInstances", "ListContainerInstances", "ListAttributes" }, 100, 20);

    /// <summary>DescribeTaskDefinition (and ListTaskDefinitions, ListTaskDefinitionFamilies): 50, 20/s.</summary>
    public static readonly ApiBudgetGroup EcsTaskDefinitionRead = new(
        "ecs-task-definition-read", "ecs", new[] { "DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies" }, 50, 20);

    /// <summary>EC2 DescribeInstances without filter or pagination: 50, 10/s.</summary>
    public static readonly ApiBudgetGroup Ec2DescribeInstances = new("ec2-describe-instances", "ec2", new[] { "DescribeInstances" }, 50, 10);

    /// <summary>The size of the bucket of an operation that is in none of the groups above: 50, 20/s.</summary>
    public static readonly ApiBudgetGroup Other = new("other", "", Array.Empty<string>(), 50, 20);

    /// <summary>The groups discovery's calls fall in, in the order statistics list them.</summary>
    public static IReadOnlyList<ApiBudgetGroup> All { get; } = new[] { EcsClusterRead, EcsClusterResourceRead, EcsTaskDefinitionRead, Ec2DescribeInstances };

    /// <summary>The group of an operation; an unknown one gets a group of its own, named <c>service-operation</c>.</summary>
    public static ApiBudgetGroup For(string service, string operation) =>
        All.FirstOrDefault(g => g.Covers(service, operation))
        ?? new ApiBudgetGroup(service + "-" + operation, service, new[] { operation }, Other.AwsBurst, Other.AwsRefillPerSecond);

    /// <summary>A group by name (any case), or null.</summary>
    public static ApiBudgetGroup? Find(string name) =>
        All.FirstOrDefault(g => string.Equals(g.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
