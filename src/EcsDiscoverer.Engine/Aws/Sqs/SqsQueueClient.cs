using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using EcsDiscoverer.Engine.Aws.Resilience;

namespace EcsDiscoverer.Engine.Aws.Sqs;

/// <summary>
/// One queue through AWSSDK.SQS (its own retries off): every call goes through our pipeline, so it is counted in the
/// session's call statistics and the API metrics like the ECS and EC2 calls, but draws on no ECS budget.
/// </summary>
internal sealed class SqsQueueClient : IQueueApi
{
    /// <summary>At most this many messages per ReceiveMessage and per DeleteMessageBatch (SQS's limit).</summary>
    public const int BatchSize = 10;

    private const string Service = "sqs";
    private readonly AmazonSQSClient _client;
    private readonly AwsCallPipeline _pipeline;

    /// <summary>A client of <paramref name="queue"/> with <paramref name="credentials"/>, signing for <paramref name="region"/>.</summary>
    public SqsQueueClient(QueueAddress queue, AWSCredentials credentials, string region, AwsCallPipeline pipeline)
    {
        Queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        var config = new AmazonSQSConfig { MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(40) };
        if (queue.IsAws)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(queue.Region ?? region);
        }
        else
        {
            config.ServiceURL = queue.ServiceUrl.ToString();
            config.AuthenticationRegion = region;
        }

        _client = new AmazonSQSClient(credentials, config);
    }

    /// <inheritdoc />
    public QueueAddress Queue { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var request = new ReceiveMessageRequest
        {
            QueueUrl = Queue.Url.ToString(),
            MaxNumberOfMessages = BatchSize,
            WaitTimeSeconds = (int)Math.Max(0, Math.Min(20, Math.Round(wait.TotalSeconds))),
        };
        var response = await _pipeline.ExecuteAsync(
            Service,
            "ReceiveMessage",
            ct => AwsSdkCall.RunAsync(Service, "ReceiveMessage", () => _client.ReceiveMessageAsync(request, ct)),
            cancellationToken).ConfigureAwait(false);
        return (response.Messages ?? new List<Message>())
            .Where(m => m is not null && !string.IsNullOrEmpty(m.ReceiptHandle))
            .Select(m => new QueueMessage(m.MessageId ?? "", m.ReceiptHandle, m.Body ?? ""))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<int> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        if (receiptHandles is null || receiptHandles.Count == 0)
        {
            return 0;
        }

        var request = new DeleteMessageBatchRequest
        {
            QueueUrl = Queue.Url.ToString(),
            Entries = receiptHandles.Select((handle, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), handle)).ToList(),
        };
        var response = await _pipeline.ExecuteAsync(
            Service,
            "DeleteMessageBatch",
            ct => AwsSdkCall.RunAsync(Service, "DeleteMessageBatch", () => _client.DeleteMessageBatchAsync(request, ct)),
            cancellationToken).ConfigureAwait(false);
        return response.Failed?.Count ?? 0;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
