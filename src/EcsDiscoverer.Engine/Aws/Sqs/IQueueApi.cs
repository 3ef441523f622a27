using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Aws.Sqs;

/// <summary>The SQS calls an event source makes on its queue (tests give a fake).</summary>
internal interface IQueueApi : IDisposable
{
    /// <summary>The queue.</summary>
    QueueAddress Queue { get; }

    /// <summary>ReceiveMessage: up to 10 messages, waiting up to <paramref name="wait"/> (a long poll) for the first.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>DeleteMessageBatch of at most 10 receipt handles; returns how many SQS did not delete.</summary>
    Task<int> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken);
}
