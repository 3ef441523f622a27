using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Aws.Ecs;

/// <summary>
/// The ECS read operations discovery needs, one call each (no paging or batching here).
/// Kept narrow so the hand-made JSON client can be swapped for AWSSDK.ECS in one place.
/// </summary>
internal interface IEcsApi
{
    /// <summary>ListClusters: one page of cluster ARNs.</summary>
    Task<EcsPage<string>> ListClustersAsync(string? nextToken, CancellationToken cancellationToken);

    /// <summary>ListTasks with desired status RUNNING: one page of task ARNs.</summary>
    Task<EcsPage<string>> ListTasksAsync(string cluster, string? nextToken, CancellationToken cancellationToken);

    /// <summary>DescribeTasks for at most <see cref="EcsLimits.DescribeBatchSize"/> task ARNs of one cluster, with their tags (R16).</summary>
    Task<EcsBatch<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken);

    /// <summary>
    /// DescribeTaskDefinition for one ARN (or family:revision), with its tags in <see cref="EcsTaskDefinition.Tags"/>
    /// (ECS returns them beside the definition, R16).
    /// </summary>
    Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken);

    /// <summary>DescribeContainerInstances for at most <see cref="EcsLimits.DescribeBatchSize"/> ARNs of one cluster.</summary>
    Task<EcsBatch<EcsContainerInstance>> DescribeContainerInstancesAsync(
        string cluster, IReadOnlyList<string> containerInstanceArns, CancellationToken cancellationToken);
}
