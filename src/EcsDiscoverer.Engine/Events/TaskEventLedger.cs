using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// The task events of one account-region waiting for the next round, and the newest version known of each task
/// (R18.2). SQS delivers at least once and in no particular order, so an event is applied only when it is newer than
/// everything known of its task: an older one is stale, the same one a duplicate. A task's version is known from its
/// events and from DescribeTasks. Thread-safe: the queue reader offers while a round takes.
/// </summary>
internal sealed class TaskEventLedger
{
    // ECS keeps a stopped task describable for about an hour; a late event of it cannot come much later than that.
    private static readonly TimeSpan VersionRetention = TimeSpan.FromHours(2);

    private readonly object _lock = new();
    private readonly Dictionary<string, (long Version, DateTimeOffset At)> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, EcsEvent>> _pending = new(StringComparer.Ordinal);
    private readonly List<EcsEvent> _inFlight = new();
    private readonly Func<DateTimeOffset> _now;
    private DateTimeOffset _lastSweep;
    private bool _fresh;

    /// <summary>Creates an empty ledger.</summary>
    public TaskEventLedger(Func<DateTimeOffset>? now = null)
    {
        _now = now ?? (() => DateTimeOffset.UtcNow);
        _lastSweep = _now();
    }

    /// <summary>Whether events wait for a round.</summary>
    public bool HasPending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>
    /// Whether an event was kept since the last round began (<see cref="BeginRound"/>). Only new events call for a round:
    /// events a failed round gave back wait for the next one, so that a cluster that keeps failing is not retried
    /// every fraction of a second.
    /// </summary>
    public bool HasFresh
    {
        get
        {
            lock (_lock)
            {
                return _fresh;
            }
        }
    }

    /// <summary>A round begins: the events waiting now are its to take.</summary>
    public void BeginRound()
    {
        lock (_lock)
        {
            _fresh = false;
        }
    }

    /// <summary>The ARNs of the clusters with events waiting.</summary>
    public IReadOnlyList<string> PendingClusterArns()
    {
        lock (_lock)
        {
            return _pending.Values.Where(t => t.Count > 0).Select(t => t.Values.First().ClusterArn).ToList();
        }
    }

    /// <summary>
    /// Keeps a task event for the next round, unless an equal or newer version of its task is known; returns why it
    /// was not kept, or null.
    /// </summary>
    public EventIgnoreReason? Offer(EcsEvent ecsEvent)
    {
        if (ecsEvent?.Task is null)
        {
            throw new ArgumentException("A task event is needed.", nameof(ecsEvent));
        }

        var arn = ecsEvent.TaskArn;
        lock (_lock)
        {
            SweepIfDue();
            if (_versions.TryGetValue(arn, out var known) && ecsEvent.Version <= known.Version)
            {
                return ecsEvent.Version == known.Version ? EventIgnoreReason.Duplicate : EventIgnoreReason.Stale;
            }

            _versions[arn] = (ecsEvent.Version, _now());
            var cluster = ArnParts.ClusterName(ecsEvent.ClusterArn);
            if (!_pending.TryGetValue(cluster, out var tasks))
            {
                _pending[cluster] = tasks = new Dictionary<string, EcsEvent>(StringComparer.Ordinal);
            }

            tasks[arn] = ecsEvent;
            _fresh = true;
            return null;
        }
    }

    /// <summary>
    /// Takes the newest event of each task of <paramref name="cluster"/> for a round. They stay in flight until the
    /// round is written (<see cref="TakeWritten"/>) or given back (<see cref="Return"/>).
    /// </summary>
    public IReadOnlyList<EcsEvent> Take(string cluster)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(cluster, out var tasks))
            {
                return Array.Empty<EcsEvent>();
            }

            _pending.Remove(cluster);
            var taken = tasks.Values.ToList();
            _inFlight.AddRange(taken);
            return taken;
        }
    }

    /// <summary>
    /// Gives back the events a round took for <paramref name="cluster"/> and could not apply (the cluster failed), so
    /// that the next round applies them; an event of a task that has a newer one waiting is dropped.
    /// </summary>
    public void Return(string cluster, IEnumerable<EcsEvent> events)
    {
        lock (_lock)
        {
            foreach (var ecsEvent in events)
            {
                _inFlight.Remove(ecsEvent);
                if (!_pending.TryGetValue(cluster, out var tasks))
                {
                    _pending[cluster] = tasks = new Dictionary<string, EcsEvent>(StringComparer.Ordinal);
                }

                if (!tasks.TryGetValue(ecsEvent.TaskArn, out var newer) || newer.Version < ecsEvent.Version)
                {
                    tasks[ecsEvent.TaskArn] = ecsEvent;
                }
            }
        }
    }

    /// <summary>
    /// Forgets the waiting events of <paramref name="cluster"/> that a listing of it made moot: the listing and the
    /// descriptions of the same round are at least as new.
    /// </summary>
    public void Settle(string cluster, IReadOnlyCollection<EcsEvent> events)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(cluster, out var tasks))
            {
                return;
            }

            foreach (var ecsEvent in events)
            {
                if (tasks.TryGetValue(ecsEvent.TaskArn, out var waiting) && ReferenceEquals(waiting, ecsEvent))
                {
                    // Written by the listing's round: its latency counts as any applied event's.
                    tasks.Remove(ecsEvent.TaskArn);
                    _inFlight.Add(ecsEvent);
                }
            }

            if (tasks.Count == 0)
            {
                _pending.Remove(cluster);
            }
        }
    }

    /// <summary>The events of <paramref name="cluster"/> waiting now, without taking them.</summary>
    public IReadOnlyList<EcsEvent> Peek(string cluster)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(cluster, out var tasks) ? tasks.Values.ToList() : Array.Empty<EcsEvent>();
        }
    }

    /// <summary>The events rounds took since the last call, now written: for the event-to-write latency.</summary>
    public IReadOnlyList<EcsEvent> TakeWritten()
    {
        lock (_lock)
        {
            var written = _inFlight.ToList();
            _inFlight.Clear();
            return written;
        }
    }

    /// <summary>Records the version of a described task, so that an event older than the description is stale.</summary>
    public void Observe(EcsTask task)
    {
        if (task?.TaskArn is not { Length: > 0 } arn || task.Version is not { } version)
        {
            return;
        }

        lock (_lock)
        {
            if (!_versions.TryGetValue(arn, out var known) || known.Version < version)
            {
                _versions[arn] = (version, _now());
            }
        }
    }

    /// <summary>Forgets everything (Clear-EcsDiscoveryCache, or a queue that was away: the next listing is the truth).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _versions.Clear();
            _pending.Clear();
            _inFlight.Clear();
        }
    }

    private void SweepIfDue()
    {
        var now = _now();
        if (now - _lastSweep < TimeSpan.FromMinutes(10))
        {
            return;
        }

        _lastSweep = now;
        foreach (var old in _versions.Where(v => now - v.Value.At > VersionRetention).Select(v => v.Key).ToList())
        {
            _versions.Remove(old);
        }
    }
}
