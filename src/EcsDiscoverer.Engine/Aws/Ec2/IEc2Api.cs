using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Aws.Ec2;

/// <summary>The one EC2 read discovery needs: the addresses and facts of instances (R5, R14, R15).</summary>
internal interface IEc2Api
{
    /// <summary>
    /// DescribeInstances for at most <see cref="MaxBatchSize"/> ids. Ids that no longer exist are absent
    /// from the result rather than failing the whole batch.
    /// </summary>
    Task<IReadOnlyDictionary<string, Ec2HostFacts>> DescribeInstancesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>How many ids one call takes.</summary>
    int MaxBatchSize { get; }
}
