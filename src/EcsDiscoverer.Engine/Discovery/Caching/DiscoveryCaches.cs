using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// Everything discovery caches for one account and region: facts that never change once known (a task definition
/// revision, the EC2 instance behind a container instance, an instance's addresses and facts) and the complete tasks of each
/// cluster. Absence is never cached, so a lookup that failed is retried. After each round, <see cref="Sweep"/>
/// forgets what no listed task refers to, so memory follows the size of the fleet, not its churn.
/// </summary>
public sealed class DiscoveryCaches
{
    /// <summary>The default bound of each fact cache: far above what a fleet's tasks refer to at once.</summary>
    public const int DefaultCapacity = 20_000;

    /// <summary>How long a cluster that is no longer discovered keeps its tasks.</summary>
    public static readonly TimeSpan ClusterRetention = TimeSpan.FromHours(1);

    private readonly TimeProvider _time;

    /// <summary>Creates empty caches.</summary>
    public DiscoveryCaches()
        : this(TimeProvider.System, DefaultCapacity)
    {
    }

    /// <summary>Creates empty caches on the given clock and bound (for tests).</summary>
    public DiscoveryCaches(TimeProvider time, int capacity)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        TaskDefinitions = new BoundedCache<string, EcsTaskDefinition>("task_definitions", capacity, StringComparer.Ordinal);
        Ec2InstanceIds = new BoundedCache<string, string>("container_instances", capacity, StringComparer.Ordinal);
        Hosts = new BoundedCache<string, Ec2HostFacts>("instance_ips", capacity, StringComparer.Ordinal);
    }

    /// <summary>Task definitions by ARN.</summary>
    internal BoundedCache<string, EcsTaskDefinition> TaskDefinitions { get; }

    /// <summary>EC2 instance id by container instance ARN.</summary>
    internal BoundedCache<string, string> Ec2InstanceIds { get; }

    /// <summary>
    /// An EC2 instance's addresses and facts by instance id (R5, R14, R15). Its statistic keeps the name
    /// <c>instance_ips</c> it had when it held only the private IPv4, so dashboards keep working.
    /// </summary>
    internal BoundedCache<string, Ec2HostFacts> Hosts { get; }

    /// <summary>Complete tasks per cluster.</summary>
    internal TaskCache Tasks { get; } = new();

    /// <summary>
    /// Whether a round has filled these caches (or they were loaded from a cache file): the next round is not cold.
    /// </summary>
    public bool IsWarm { get; set; }

    /// <summary>The current time, for the cluster sets.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Forgets clusters not discovered for <see cref="ClusterRetention"/>, then every fact no remaining cluster refers to.
    /// </summary>
    public void Sweep()
    {
        Tasks.ForgetClustersNotSeenSince(Now - ClusterRetention);
        var clusters = Tasks.Clusters;
        var definitions = new HashSet<string>(clusters.SelectMany(c => c.TaskDefinitionArns), StringComparer.Ordinal);
        var containerInstances = new HashSet<string>(clusters.SelectMany(c => c.ContainerInstanceArns), StringComparer.Ordinal);
        var instances = new HashSet<string>(clusters.SelectMany(c => c.InstanceIds), StringComparer.Ordinal);
        TaskDefinitions.RetainOnly(definitions.Contains);
        Ec2InstanceIds.RetainOnly(containerInstances.Contains);
        Hosts.RetainOnly(instances.Contains);
    }

    /// <summary>Drops everything, so the next round is cold.</summary>
    public void Clear()
    {
        TaskDefinitions.Clear();
        Ec2InstanceIds.Clear();
        Hosts.Clear();
        Tasks.Clear();
        IsWarm = false;
    }

    /// <summary>Size and use of each cache.</summary>
    public IReadOnlyList<CacheStatistic> Statistics() => new[]
    {
        TaskDefinitions.Statistic(), Ec2InstanceIds.Statistic(), Hosts.Statistic(), Tasks.Statistic(),
    };
}
