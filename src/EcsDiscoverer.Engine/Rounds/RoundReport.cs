using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// What one round of the loop (or one export) did: the information-stream line, and what the self-metrics record.
/// </summary>
public sealed class RoundReport
{
    /// <summary>How each account-region fared; empty when discovery did not run (piped targets, or it failed before).</summary>
    public IReadOnlyList<Scopes.ScopeOutcome> Scopes { get; set; } = Array.Empty<Scopes.ScopeOutcome>();

    /// <summary>The round number, from 1.</summary>
    public int Round { get; set; }

    /// <summary>When the round started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>How long discovery and writing took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>How the round ended.</summary>
    public RoundResult Result { get; set; }

    /// <summary>Target groups per output file name (all five files, zero included, named by <c>FILENAME_*</c>); empty when nothing was written.</summary>
    public IReadOnlyDictionary<string, int> TargetsByFile { get; set; } = new Dictionary<string, int>();

    /// <summary>Skipped containers per skip reason name (<see cref="Rules.SkipReasons.Name"/>).</summary>
    public IReadOnlyDictionary<string, int> SkippedByReason { get; set; } = new Dictionary<string, int>();

    /// <summary>AWS API call attempts made during the round, retries included.</summary>
    public long ApiCalls { get; set; }

    /// <summary>Attempts AWS answered with throttling.</summary>
    public long ThrottledCalls { get; set; }

    /// <summary>Cache lookups answered without an API call.</summary>
    public long CacheHits { get; set; }

    /// <summary>Cache lookups that needed an API call.</summary>
    public long CacheMisses { get; set; }

    /// <summary>The clusters (and selection entries) the round covered: those discovered and those that failed.</summary>
    public int Clusters { get; set; }

    /// <summary>The names of the clusters that failed this round.</summary>
    public IReadOnlyList<string> FailedClusters { get; set; } = Array.Empty<string>();

    /// <summary>Why the round failed, when <see cref="Result"/> is <see cref="RoundResult.Failed"/>.</summary>
    public string? FailureMessage { get; set; }

    /// <summary>What failed, when <see cref="Result"/> is <see cref="RoundResult.Failed"/>.</summary>
    public RoundFailureKind FailureKind { get; set; }

    /// <summary>The error behind <see cref="FailureKind"/> (the AWS or file-system exception), when there is one.</summary>
    public System.Exception? Error { get; set; }

    /// <summary>The file or directory that could not be written, for an <see cref="RoundFailureKind.Output"/> failure.</summary>
    public string? FailedPath { get; set; }

    /// <summary>The clusters whose large drop the churn guard held this round (R11): they kept their previous targets.</summary>
    public IReadOnlyList<string> HeldClusters { get; set; } = Array.Empty<string>();

    /// <summary>Where the files were written (empty when nothing was).</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Whether the round took longer than the interval.</summary>
    public bool Overran { get; set; }

    /// <summary>Whether the round's API calls were paced by the warm-up throttle.</summary>
    public bool WarmUp { get; set; }

    /// <summary>Whether the round came from task events, without listing (R18.2).</summary>
    public bool FromEvents { get; set; }

    /// <summary>In a reconciliation, the tasks the events had wrong (R18.5); null otherwise.</summary>
    public int? Corrections { get; set; }

    /// <summary>The total of <see cref="TargetsByFile"/>.</summary>
    public int TotalTargets => TargetsByFile.Values.Sum();

    /// <summary>The total of <see cref="SkippedByReason"/>.</summary>
    public int TotalSkipped => SkippedByReason.Values.Sum();

    /// <summary>The one-line summary written to the information stream.</summary>
    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        var files = TargetsByFile.Count == 0
            ? "no files written"
            : string.Join(", ", TargetsByFile.Select(f => f.Key + " " + f.Value.ToString(culture)));
        var failed = FailedClusters.Count == 0 ? "" : "; failed clusters: " + string.Join(", ", FailedClusters);
        failed += HeldClusters.Count == 0 ? "" : "; drops held: " + string.Join(", ", HeldClusters);
        var why = Result == RoundResult.Failed && FailureMessage is { Length: > 0 } ? " (" + FailureMessage + ")" : "";
        return string.Format(
            culture,
            "Round {0} {1}{2}: {3}; {4} skipped; {5} API call(s), {6} throttled; cache {7} hit(s), {8} miss(es); {9:0.00} s{10}{11}",
            Round,
            Result.ToString().ToLowerInvariant(),
            why,
            files,
            TotalSkipped,
            ApiCalls,
            ThrottledCalls,
            CacheHits,
            CacheMisses,
            Duration.TotalSeconds,
            WarmUp ? " (warm-up throttled)" : FromEvents ? " (from events)" : Corrections is { } c ? $" (reconciliation: {c.ToString(culture)} correction(s))" : "",
            failed);
    }
}
