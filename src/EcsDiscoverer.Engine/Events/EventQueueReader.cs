using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Sqs;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// Reads one queue for as long as the loop runs (R18.1, R18.4): long polls, each message read and routed to its scope;
/// a message that changed nothing (stale, duplicate, foreign, malformed) is deleted at once, an applied one only once
/// a round has written its effect (<see cref="AcknowledgeAsync"/>), so a process that dies before writing leaves it
/// to be delivered again. A queue that cannot be read marks the reader unhealthy, and its scopes are polled every
/// interval until it answers again.
/// </summary>
internal sealed class EventQueueReader
{
    /// <summary>SQS's longest wait: an idle queue costs three ReceiveMessage calls a minute.</summary>
    public static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    private readonly IQueueApi _queue;
    private readonly EventRouter _router;
    private readonly IReadOnlyList<string> _memberNames;
    private readonly EventStatistic _statistic;
    private readonly IEventObserver? _observer;
    private readonly Action<EventNotice> _notify;
    private readonly Action _wake;
    private readonly TimeSpan _retryDelay;
    private readonly ConcurrentQueue<(long Sequence, string Handle)> _applied = new();
    private readonly HashSet<EventIgnoreReason> _reported = new();
    private long _sequence;
    private int _health; // 0 not known yet, 1 reading, -1 cannot read

    public EventQueueReader(
        IQueueApi queue,
        string name,
        EventRouter router,
        IReadOnlyList<string> memberNames,
        EventStatistic statistic,
        IEventObserver? observer,
        Action<EventNotice> notify,
        Action wake,
        TimeSpan retryDelay)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        Name = name;
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _memberNames = memberNames;
        _statistic = statistic;
        _observer = observer;
        _notify = notify;
        _wake = wake;
        _retryDelay = retryDelay;
    }

    /// <summary>How messages name the queue's scope.</summary>
    public string Name { get; }

    /// <summary>The queue.</summary>
    public QueueAddress Queue => _queue.Queue;

    /// <summary>Whether the last call on the queue answered.</summary>
    public bool IsHealthy => Volatile.Read(ref _health) == 1;

    /// <summary>Raised when the queue answers again after it could not be read: its scopes list once to start afresh.</summary>
    public event EventHandler? Recovered;

    /// <summary>The applied messages received so far: a round that starts now acknowledges these once written.</summary>
    public long Mark() => Interlocked.Read(ref _sequence);

    /// <summary>Reads until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The first receive does not wait, so that the loop knows at once whether the queue can be read.
        var wait = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = await _queue.ReceiveAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Unreadable(ex);
                try
                {
                    await Task.Delay(_retryDelay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                wait = TimeSpan.Zero;
                continue;
            }

            Readable();
            wait = LongPoll;
            try
            {
                await HandleAsync(messages, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever a message does to us, the reader goes on: its messages come back after their visibility
                // timeout, and the reconciliation repairs what they would have said.
                _notify(new EventNotice(true, $"Event queue {Queue.Name}: a batch of {messages.Count} message(s) could not be handled ({ex.GetType().Name}: {ex.Message}); reading goes on."));
            }
        }
    }

    /// <summary>Deletes the applied messages received before <paramref name="mark"/>: their effect is written.</summary>
    public async Task AcknowledgeAsync(long mark, CancellationToken cancellationToken)
    {
        var handles = new List<string>();
        while (_applied.TryPeek(out var next) && next.Sequence <= mark && _applied.TryDequeue(out next))
        {
            handles.Add(next.Handle);
        }

        await DeleteAsync(handles, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the messages of one receive (tests call it directly).</summary>
    internal async Task HandleAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var applied = false;
        var warned = false;
        foreach (var message in messages)
        {
            var reading = EcsEventParser.Parse(message.Body);
            var (member, ignored, detail) = reading.Event is { } ecsEvent ? _router.Route(ecsEvent) : (-1, reading.Reason, reading.Detail);
            var scope = member >= 0 ? _memberNames[member] : Name;
            _statistic.CountReceived();
            _observer?.EventReceived(scope);
            if (ignored is null)
            {
                applied = true;
                _statistic.CountApplied();
                _observer?.EventApplied(scope);
                _applied.Enqueue((Interlocked.Increment(ref _sequence), message.ReceiptHandle));
                continue;
            }

            _statistic.CountIgnored(ignored.Value);
            _observer?.EventIgnored(scope, ignored.Value);
            done.Add(message.ReceiptHandle);
            if (ignored is EventIgnoreReason.Foreign or EventIgnoreReason.Malformed)
            {
                // Once as a warning, so that a misrouted rule is seen; after that only counted (the metric says how many).
                var first = _reported.Add(ignored.Value);
                warned |= first;
                _notify(new EventNotice(first, $"Event queue {Queue.Name}: message {message.MessageId} set aside as {EventIgnoreReasons.Name(ignored.Value)}: {detail}. It is deleted{(first ? "; further ones are only counted (ecs_discoverer_events_ignored_total)" : "")}."));
            }
        }

        // A warning is logged when the loop wakes; without an applied event it would wait for the next listing
        // (RECONCILE_INTERVAL) to say that the queue carries foreign or malformed messages. Only the first of each.
        if (applied || warned)
        {
            _wake();
        }

        // Nothing to write for these: deleted at once, so that SQS does not deliver them again.
        await DeleteAsync(done, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(List<string> handles, CancellationToken cancellationToken)
    {
        foreach (var batch in Discovery.Batches.Of(handles, SqsQueueClient.BatchSize))
        {
            try
            {
                var failed = await _queue.DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
                if (failed > 0)
                {
                    _notify(new EventNotice(false, $"Event queue {Queue.Name}: {failed} message(s) could not be deleted; SQS delivers them again and they are ignored as duplicates."));
                }
            }
            catch (Exception ex) when (ex is AwsApiException or TimeoutException)
            {
                _notify(new EventNotice(false, $"Event queue {Queue.Name}: deleting {batch.Count} message(s) failed ({ex.Message}); SQS delivers them again and they are ignored as duplicates."));
            }
        }
    }

    private void Unreadable(Exception error)
    {
        if (Interlocked.Exchange(ref _health, -1) == -1)
        {
            return;
        }

        var why = error is AwsApiException api ? AwsErrorAdvice.Describe(api) : error.Message;
        _notify(new EventNotice(true, $"The event queue {Queue} of {Name} cannot be read: {why} Its scopes are discovered by polling every interval until it answers again; check the queue exists and the credentials may sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on it."));
        foreach (var member in _memberNames)
        {
            _observer?.ModeChanged(member, false);
        }

        _wake();
    }

    private void Readable()
    {
        var before = Interlocked.Exchange(ref _health, 1);
        if (before == 1)
        {
            return;
        }

        _notify(new EventNotice(before == -1, before == -1
            ? $"The event queue {Queue} of {Name} answers again: its scopes are listed once, then discovered from events."
            : $"Reading task events from {Queue} for {Name}."));
        foreach (var member in _memberNames)
        {
            _observer?.ModeChanged(member, true);
        }

        if (before == -1)
        {
            Recovered?.Invoke(this, EventArgs.Empty);
        }

        _wake();
    }
}
