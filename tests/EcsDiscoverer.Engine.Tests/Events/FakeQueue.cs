using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Sqs;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>An in-memory queue: long polls that end when a message is sent, deletes recorded, a switch to deny reads.</summary>
internal sealed class FakeQueue : IQueueApi
{
    private readonly ConcurrentQueue<QueueMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _next;

    public FakeQueue()
    {
        Queue = QueueAddress.TryParse("http://127.0.0.1:1/123456789012/ecs-events", out var address, out var problem) ? address : throw new InvalidOperationException(problem);
    }

    public QueueAddress Queue { get; }

    public bool Denied { get; set; }

    public ConcurrentBag<string> Deleted { get; } = new();

    public int Receives;

    public string Send(string body)
    {
        var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _messages.Enqueue(new QueueMessage("m" + id, "h" + id, body));
        _arrived.Release();
        return "h" + id;
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Receives);
        if (Denied)
        {
            throw new AwsApiException("sqs", "ReceiveMessage", "AccessDenied", "not allowed to sqs:ReceiveMessage", HttpStatusCode.Forbidden);
        }

        if (_messages.IsEmpty)
        {
            await _arrived.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }

        var batch = new List<QueueMessage>();
        while (batch.Count < 10 && _messages.TryDequeue(out var message))
        {
            batch.Add(message);
        }

        return batch;
    }

    public Task<int> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        foreach (var handle in receiptHandles)
        {
            Deleted.Add(handle);
        }

        return Task.FromResult(0);
    }

    public void Dispose() => _arrived.Dispose();
}
