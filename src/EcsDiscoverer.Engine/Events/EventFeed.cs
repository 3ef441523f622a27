using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// The event source of a loop (R18): the queue readers, the ledger of each account-region, and when each must list.
/// The loop asks it when to run the next round; a round asks it, per scope, whether to list or apply the waiting
/// events, and acknowledges what it wrote.
/// </summary>
internal sealed class EventFeed : IDisposable
{
    /// <summary>How long a round waits after the first event, so that a burst of events makes one write.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly IReadOnlyList<EventMember> _members;
    private readonly List<EventQueueReader?> _readerOf;
    private readonly List<EventQueueReader> _readers;
    private readonly List<Aws.Sqs.IQueueApi> _queues;
    private readonly ListingSchedule _schedule;
    private readonly IEventObserver? _observer;
    private readonly ConcurrentQueue<EventNotice> _notices = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private CancellationTokenSource? _stop;
    private Task _reading = Task.CompletedTask;

    /// <summary>
    /// A feed over <paramref name="members"/> (the run's account-regions, in order), each read from the queue at the
    /// same index of <paramref name="queueOf"/> (null: polled); members naming the same queue share one reader.
    /// </summary>
    public EventFeed(
        IReadOnlyList<EventMember> members,
        IReadOnlyList<Aws.Sqs.IQueueApi?> queueOf,
        TimeSpan interval,
        TimeSpan reconcileInterval,
        IEventObserver? observer)
    {
        _members = members ?? throw new ArgumentNullException(nameof(members));
        _observer = observer;
        _schedule = new ListingSchedule(members.Count, interval, reconcileInterval);
        var router = new EventRouter(members);
        var names = members.Select(m => m.Name).ToList();
        var readers = new Dictionary<Aws.Sqs.IQueueApi, EventQueueReader>();
        var readerOf = new List<EventQueueReader?>();
        var retry = TimeSpan.FromTicks(Math.Min(interval.Ticks, TimeSpan.FromSeconds(30).Ticks));
        for (var i = 0; i < members.Count; i++)
        {
            var queue = queueOf[i];
            if (queue is null)
            {
                readerOf.Add(null);
                continue;
            }

            if (!readers.TryGetValue(queue, out var reader))
            {
                reader = new EventQueueReader(queue, members[i].Name, router, names, Statistic, observer, _notices.Enqueue, Wake, retry);
                readers[queue] = reader;
                reader.Recovered += (_, _) => ListSoon(reader);
            }

            readerOf.Add(reader);
        }

        _readerOf = readerOf;
        _readers = readers.Values.ToList();
        _queues = readers.Keys.ToList();
    }

    /// <summary>What the feed did so far.</summary>
    public EventStatistic Statistic { get; } = new();

    /// <summary>The ledger of member <paramref name="index"/>.</summary>
    public TaskEventLedger LedgerOf(int index) => _members[index].Ledger;

    /// <summary>Whether member <paramref name="index"/> is kept by a readable queue now.</summary>
    public bool FromEvents(int index) => _readerOf[index]?.IsHealthy == true;

    /// <summary>Whether member <paramref name="index"/> lists this round (else it applies its events).</summary>
    public bool ShouldList(int index, DateTimeOffset now) => _schedule.ShouldList(index, FromEvents(index), now);

    /// <summary>
    /// Member <paramref name="index"/> listed in a round that started at <paramref name="at"/>; a reconciliation when
    /// its events are readable, which corrected <paramref name="corrections"/> tasks.
    /// </summary>
    public void Listed(int index, DateTimeOffset at, int? corrections)
    {
        if (_schedule.Listed(index, at) && corrections is { } count && FromEvents(index))
        {
            Statistic.CountReconciliation(count);
            _observer?.Reconciled(_members[index].Name, count);
            if (count > 0)
            {
                _notices.Enqueue(new EventNotice(false, $"Reconciliation of {_members[index].Name}: the listing corrected {count} task(s) the events had missed."));
            }
        }
    }

    /// <summary>Starts reading the queues; they stop at <see cref="Dispose"/> or when <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stop.Token;
        _reading = Task.WhenAll(_readers.Select(r => Task.Run(() => r.RunAsync(token), CancellationToken.None)));
    }

    /// <summary>
    /// Waits until <paramref name="until"/> (the next listing due) or until events wait for a round, then a moment
    /// more (<see cref="Debounce"/>) so that a burst makes one write; or until a queue changes mode.
    /// </summary>
    public async Task WaitAsync(DateTimeOffset until, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!HasFreshEvents())
        {
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            if (await _wake.WaitAsync(left, cancellationToken).ConfigureAwait(false) && !HasFreshEvents())
            {
                // A queue changed mode (a listing may be due now) or only messages that change nothing came.
                return;
            }
        }

        await Task.Delay(Debounce, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When the next listing of any scope is due.</summary>
    public DateTimeOffset NextListingDue(DateTimeOffset now) => _schedule.NextDue(FromEvents, now);

    /// <summary>A round starts: what each reader received so far, for <see cref="AcknowledgeAsync"/>.</summary>
    public long[] Mark()
    {
        foreach (var member in _members)
        {
            member.Ledger.BeginRound();
        }

        return _readers.Select(r => r.Mark()).ToArray();
    }

    /// <summary>
    /// A round that started at <paramref name="mark"/> wrote its files: the applied messages received before it are
    /// deleted, and the events it applied give their event-to-write latency.
    /// </summary>
    public async Task AcknowledgeAsync(long[] mark, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var member in _members)
        {
            foreach (var written in member.Ledger.TakeWritten())
            {
                Statistic.CountWritten();
                if (written.ChangedAt is { } changedAt)
                {
                    // ECS's clock and ours differ a little; a negative latency says nothing.
                    _observer?.EventWritten(now - changedAt > TimeSpan.Zero ? now - changedAt : TimeSpan.Zero);
                }
            }
        }

        for (var i = 0; i < _readers.Count && i < mark.Length; i++)
        {
            await _readers[i].AcknowledgeAsync(mark[i], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The messages for the loop's log since the last call.</summary>
    public IReadOnlyList<EventNotice> DrainNotices()
    {
        var notices = new List<EventNotice>();
        while (_notices.TryDequeue(out var notice))
        {
            notices.Add(notice);
        }

        return notices;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop?.Cancel();
        try
        {
            _reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The readers stop on cancellation; whatever else ended them was reported as they ran.
        }

        _stop?.Dispose();
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }

        _wake.Dispose();
    }

    private bool HasFreshEvents() => _members.Any(m => m.Ledger.HasFresh);

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // The loop ended.
        }
    }

    private void ListSoon(EventQueueReader reader)
    {
        for (var i = 0; i < _readerOf.Count; i++)
        {
            if (ReferenceEquals(_readerOf[i], reader))
            {
                _schedule.ListSoon(i);
            }
        }
    }
}
