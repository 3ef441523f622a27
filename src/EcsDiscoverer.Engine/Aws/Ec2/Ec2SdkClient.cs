using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using EcsDiscoverer.Engine.Aws.Resilience;

namespace EcsDiscoverer.Engine.Aws.Ec2;

/// <summary>EC2 DescribeInstances through AWSSDK.EC2, retried by our pipeline (the SDK's own retries are off).</summary>
internal sealed class Ec2SdkClient : IEc2Api, IDisposable
{
    private const string Service = "ec2";
    private const string Operation = "DescribeInstances";
    private const string InstanceNotFound = "InvalidInstanceID.NotFound";
    private static readonly Regex InstanceIdPattern = new(@"\bi-[0-9a-f]{8,17}\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private readonly IAmazonEC2 _client;
    private readonly AwsCallPipeline _pipeline;

    /// <summary>Wraps an SDK client.</summary>
    public Ec2SdkClient(IAmazonEC2 client, AwsCallPipeline pipeline)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    }

    /// <inheritdoc />
    // Filter values, unlike InstanceIds, do not fail the whole call when one instance is gone.
    public int MaxBatchSize => 100;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Ec2HostFacts>> DescribeInstancesAsync(
        IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        if (instanceIds is null || instanceIds.Count == 0 || instanceIds.Count > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(instanceIds), instanceIds?.Count, $"A batch takes 1 to {MaxBatchSize} ids.");
        }

        var wanted = instanceIds.ToList();
        while (true)
        {
            try
            {
                return await DescribeAsync(wanted, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsApiException ex) when (ex.ErrorCode == InstanceNotFound && NotFoundIds(ex.AwsMessage, wanted) is { Count: > 0 } gone)
            {
                // EC2 fails the whole call for an instance that is gone; the others still have addresses. The caller
                // sees the gone ones missing from the result, as with the filter.
                wanted.RemoveAll(gone.Contains);
                if (wanted.Count == 0)
                {
                    return new Dictionary<string, Ec2HostFacts>(StringComparer.Ordinal);
                }
            }
        }
    }

    /// <summary>The ids of <paramref name="asked"/> that an <c>InvalidInstanceID.NotFound</c> message names.</summary>
    internal static HashSet<string> NotFoundIds(string message, IReadOnlyCollection<string> asked) =>
        new(InstanceIdPattern.Matches(message ?? "").Cast<Match>().Select(m => m.Value).Where(asked.Contains), StringComparer.Ordinal);

    private async Task<IReadOnlyDictionary<string, Ec2HostFacts>> DescribeAsync(List<string> instanceIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Ec2HostFacts>(StringComparer.Ordinal);
        string? nextToken = null;
        do
        {
            var request = new DescribeInstancesRequest
            {
                Filters = new List<Filter> { new("instance-id", instanceIds.ToList()) },
                NextToken = nextToken,
            };
            var response = await _pipeline.ExecuteAsync(Service, Operation, ct => CallAsync(request, ct), cancellationToken).ConfigureAwait(false);
            foreach (var instance in (response.Reservations ?? new List<Reservation>()).SelectMany(r => r.Instances ?? new List<Instance>()))
            {
                if (!string.IsNullOrEmpty(instance?.InstanceId))
                {
                    result[instance!.InstanceId] = Facts(instance);
                }
            }

            nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
        }
        while (nextToken != null);

        return result;
    }

    /// <summary>The facts discovery keeps of an instance; empty strings count as absent.</summary>
    internal static Ec2HostFacts Facts(Instance instance) => new()
    {
        PrivateIpv4 = NonEmpty(instance.PrivateIpAddress),
        Ipv6 = NonEmpty(instance.Ipv6Address)
            ?? (instance.NetworkInterfaces ?? new List<InstanceNetworkInterface>())
                .Where(n => n is not null)
                .SelectMany(n => (n.Ipv6Addresses ?? new List<InstanceIpv6Address>()).Where(a => a is not null))
                .OrderByDescending(a => a.IsPrimaryIpv6 == true)
                .Select(a => NonEmpty(a.Ipv6Address))
                .FirstOrDefault(a => a is not null),
        InstanceType = NonEmpty(instance.InstanceType?.Value),
        PublicIpv4 = NonEmpty(instance.PublicIpAddress),
        SubnetId = NonEmpty(instance.SubnetId),
        Tags = (instance.Tags ?? new List<Tag>())
            .Where(t => !string.IsNullOrEmpty(t?.Key))
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value ?? "", StringComparer.Ordinal),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private Task<DescribeInstancesResponse> CallAsync(DescribeInstancesRequest request, CancellationToken cancellationToken) =>
        AwsSdkCall.RunAsync(Service, Operation, () => _client.DescribeInstancesAsync(request, cancellationToken));
}
