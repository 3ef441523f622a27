using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Aws.Ec2;

/// <summary>The one EC2 read discovery needs: the private IPv4 address of instances.</summary>
internal interface IEc2Api
{
    /// <summary>
    /// DescribeInstances for at most <see cref="MaxBatchSize"/> ids. Ids that no longer exist are absent
    /// from the result rather than failing the whole batch.
    /// </summary>
    Task<IReadOnlyDictionary<string, string?>> DescribePrivateIpAddressesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>How many ids one call takes.</summary>
    int MaxBatchSize { get; }
}
