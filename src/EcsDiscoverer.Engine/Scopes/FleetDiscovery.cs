using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// Discovers every account-region of a run side by side, at most <c>SCOPE_CONCURRENCY</c> at once, and makes one
/// result of them, as if they were one region's clusters: targets in output order, each failure named by its scope.
/// A scope that cannot even be listed (its role denied, its region down) fails as a whole, and R10 keeps its last
/// good targets while the other scopes update; only a run of one scope fails the round for it, as before scopes.
/// </summary>
internal sealed class FleetDiscovery
{
    private readonly IReadOnlyList<Member> _runs;
    private readonly int _concurrency;
    private readonly string?[] _learnedAccounts;

    public FleetDiscovery(IReadOnlyList<ScopeRun> runs, int concurrency)
        : this((runs ?? throw new ArgumentNullException(nameof(runs))).Select(r => new Member(r.Engine, r.Session, r.Request, r.Name, r.Region, r.Account)).ToList(), concurrency)
    {
    }

    private FleetDiscovery(IReadOnlyList<Member> runs, int concurrency)
    {
        _runs = runs;
        if (runs.Count == 0)
        {
            throw new ArgumentException("A run covers at least one scope.", nameof(runs));
        }

        _concurrency = Math.Max(1, concurrency);
        _learnedAccounts = runs.Select(r => r.Account).ToArray();
    }

    /// <summary>The event source of a loop whose scopes are kept by events (R18); null: every round lists.</summary>
    public Events.EventFeed? Events { get; set; }

    /// <summary>The account of member <paramref name="index"/>: from its role, or learnt from the ARNs it answered with; null until known.</summary>
    public string? AccountOf(int index) => _learnedAccounts[index];

    /// <summary>The names of the account-regions, in the order of the scopes.</summary>
    public IReadOnlyList<string> Names => _runs.Select(r => r.Name).ToList();

    /// <summary>The sessions of the account-regions, in the order of the scopes.</summary>
    public IReadOnlyList<DiscoverySession> Sessions => _runs.Select(r => r.Session).ToList();

    /// <summary>One engine over one session's caches: a run of one scope (tests, and programs that build engines).</summary>
    public static FleetDiscovery Single(EcsDiscoveryEngine engine, DiscoverySession session, IReadOnlyList<string> clusters) =>
        new(new[] { new Member(engine, session, new DiscoveryRequest { Clusters = clusters, Region = session.Region }, session.Region, session.Region, null) }, 1);

    /// <summary>Discovers every scope.</summary>
    /// <exception cref="Aws.AwsApiException">A run of one scope whose clusters could not be listed.</exception>
    public async Task<DiscoveryResult> DiscoverAsync(IDiscoveryLog log, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            throw new ArgumentNullException(nameof(log));
        }

        var start = DateTimeOffset.UtcNow;
        if (_runs.Count == 1)
        {
            var only = _runs[0];
            var result = await only.Engine.DiscoverAsync(RequestOf(0, start), log, cancellationToken).ConfigureAwait(false);
            Learn(0, result);
            Settle(0, result, start);
            return result.WithScopes(new[] { Outcome(0, result, null) });
        }

        var scopeLog = new ScopeLog(log, _runs.Count);
        using var gate = new SemaphoreSlim(_concurrency);
        var work = _runs.Select(async (run, index) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await run.Engine.DiscoverAsync(RequestOf(index, start), scopeLog.For(run.Name), cancellationToken).ConfigureAwait(false);
                Learn(index, result);
                Settle(index, result, start);
                return (Index: index, Result: result, Error: (Exception?)null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The scope's whole selection failed: its role, its region or its listing; the others go on.
                return (Index: index, Result: (DiscoveryResult?)null, Error: ex);
            }
            finally
            {
                gate.Release();
                scopeLog.ScopeDone(run.Name);
            }
        }).ToList();
        var outcomes = await Task.WhenAll(work).ConfigureAwait(false);
        return Merge(outcomes);
    }

    private DiscoveryResult Merge(IEnumerable<(int Index, DiscoveryResult? Result, Exception? Error)> outcomes)
    {
        var targets = new List<ScrapeTarget>();
        var skipped = new List<SkippedContainer>();
        var discovered = new List<string>();
        var failures = new List<ClusterFailure>();
        var scopes = new List<ScopeOutcome>();
        var warmUp = false;
        var changed = false;
        var fromEvents = true;
        int? corrections = null;
        foreach (var (index, result, error) in outcomes)
        {
            var run = _runs[index];
            var account = _learnedAccounts[index];
            if (result is null)
            {
                failures.Add(new ClusterFailure("*", error!).InScope(run.Region, account, run.Name));
                scopes.Add(Outcome(index, null, error));
                changed = true;
                continue;
            }

            targets.AddRange(result.Targets);
            skipped.AddRange(result.Skipped);
            discovered.AddRange(result.DiscoveredClusterKeys);
            failures.AddRange(result.Failures.Select(f => f.InScope(run.Region, account, run.Name)));
            scopes.Add(Outcome(index, result, null));
            warmUp |= result.WarmUp;
            changed |= result.Changed;
            fromEvents &= result.FromEvents;
            corrections = result.Corrections is { } c ? (corrections ?? 0) + c : corrections;
        }

        return new DiscoveryResult(EcsDiscoveryEngine.InOutputOrder(targets), EcsDiscoveryEngine.InOutputOrder(skipped), discovered, failures)
        {
            WarmUp = warmUp,
            Changed = changed,
            Scopes = scopes,
            FromEvents = fromEvents,
            Corrections = corrections,
        };
    }

    // A scope lists when its listing is due (R18.4, R18.5), else it applies its waiting events.
    private DiscoveryRequest RequestOf(int index, DateTimeOffset now)
    {
        var request = _runs[index].Request;
        return Events is not { } events
            ? request
            : new DiscoveryRequest { Clusters = request.Clusters, Region = request.Region, Events = events.LedgerOf(index), FromEvents = !events.ShouldList(index, now) };
    }

    private void Settle(int index, DiscoveryResult result, DateTimeOffset start)
    {
        if (Events is not null && !result.FromEvents)
        {
            Events.Listed(index, start, result.Corrections);
        }
    }

    // The account of a scope of the run's credentials or a profile is not in the settings; the ARNs it answers with
    // name it, so that a later failure of that scope keeps only that account's targets in that region.
    private void Learn(int index, DiscoveryResult result)
    {
        if (_learnedAccounts[index] is not null)
        {
            return;
        }

        var account = result.DiscoveredClusterKeys.Concat(result.Targets.Select(t => t.ClusterArn)).Select(ArnParts.Account).FirstOrDefault(a => a.Length > 0);
        if (account is not null)
        {
            _learnedAccounts[index] = account;
        }
    }

    private ScopeOutcome Outcome(int index, DiscoveryResult? result, Exception? error) =>
        new(_runs[index].Name, _learnedAccounts[index], _runs[index].Region, result?.Targets.Count ?? 0, error);

    // What discovery needs of a scope: its engine, its caches, its request, and how to name it.
    private sealed record Member(EcsDiscoveryEngine Engine, DiscoverySession Session, DiscoveryRequest Request, string Name, string Region, string? Account);
}
