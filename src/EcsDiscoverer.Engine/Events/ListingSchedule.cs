using System;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// When each account-region of a run must list its clusters (R18.4, R18.5): a scope kept by a readable event queue
/// every reconcile interval, any other (no queue, or one that cannot be read) every interval, as without events; a
/// scope never listed, or whose queue just came back, at once. Pure bookkeeping: the loop and the round ask it.
/// </summary>
internal sealed class ListingSchedule
{
    private readonly DateTimeOffset?[] _listed;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _reconcileInterval;

    public ListingSchedule(int members, TimeSpan interval, TimeSpan reconcileInterval)
    {
        _listed = new DateTimeOffset?[members];
        _interval = interval;
        _reconcileInterval = reconcileInterval;
    }

    /// <summary>Whether member <paramref name="index"/> lists this round, its events being readable or not.</summary>
    public bool ShouldList(int index, bool fromEvents, DateTimeOffset now)
    {
        lock (_listed)
        {
            return _listed[index] is not { } last || now >= last + (fromEvents ? _reconcileInterval : _interval);
        }
    }

    /// <summary>
    /// Member <paramref name="index"/> listed, in a round that started at <paramref name="at"/>; false when it was its
    /// first listing (of the process, or since its queue came back), which has no events to correct.
    /// </summary>
    public bool Listed(int index, DateTimeOffset at)
    {
        lock (_listed)
        {
            var before = _listed[index];
            _listed[index] = at;
            return before is not null;
        }
    }

    /// <summary>Member <paramref name="index"/> lists in the next round (its queue came back: start afresh).</summary>
    public void ListSoon(int index)
    {
        lock (_listed)
        {
            _listed[index] = null;
        }
    }

    /// <summary>When the next listing of any member is due; <paramref name="fromEvents"/> tells each member's mode.</summary>
    public DateTimeOffset NextDue(Func<int, bool> fromEvents, DateTimeOffset now)
    {
        lock (_listed)
        {
            var next = DateTimeOffset.MaxValue;
            for (var i = 0; i < _listed.Length; i++)
            {
                var due = _listed[i] is { } last ? last + (fromEvents(i) ? _reconcileInterval : _interval) : now;
                next = due < next ? due : next;
            }

            return next;
        }
    }
}
