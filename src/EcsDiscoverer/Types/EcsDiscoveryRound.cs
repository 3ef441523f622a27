using System;
using System.Collections;
using System.Linq;

namespace EcsDiscoverer;

/// <summary>
/// One round of Start-EcsDiscoveryLoop, as the information stream carries it: <c>-InformationVariable</c> gives these
/// objects, and the console shows their one-line summary.
/// </summary>
public sealed class EcsDiscoveryRound
{
    /// <summary>The round number, from 1.</summary>
    public int Round { get; set; }

    /// <summary>When the round started (UTC).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>How long the round took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary><c>Success</c>, <c>Partial</c> (some clusters kept their last good targets) or <c>Failed</c>.</summary>
    public string Result { get; set; } = "";

    /// <summary>Target groups per output file.</summary>
    public Hashtable TargetsByFile { get; set; } = new();

    /// <summary>Skipped containers per reason.</summary>
    public Hashtable SkippedByReason { get; set; } = new();

    /// <summary>API call attempts in the round, retries included.</summary>
    public long ApiCalls { get; set; }

    /// <summary>Attempts AWS throttled.</summary>
    public long ThrottledCalls { get; set; }

    /// <summary>Cache lookups answered without an API call.</summary>
    public long CacheHits { get; set; }

    /// <summary>Cache lookups that needed an API call.</summary>
    public long CacheMisses { get; set; }

    /// <summary>Clusters that failed this round.</summary>
    public string[] FailedClusters { get; set; } = Array.Empty<string>();

    /// <summary>The clusters whose large drop the churn guard held this round (MAX_TARGET_DROP): they kept their previous targets.</summary>
    public string[] HeldClusters { get; set; } = Array.Empty<string>();

    /// <summary>Whether the round took longer than the interval.</summary>
    public bool Overran { get; set; }

    /// <summary>Whether the round was cold and its calls were paced by the warm-up throttle.</summary>
    public bool WarmUp { get; set; }

    /// <summary>Why the round failed, when <see cref="Result"/> is <c>Failed</c>.</summary>
    public string? FailureMessage { get; set; }

    /// <summary>The information line.</summary>
    public string Summary { get; set; } = "";

    /// <inheritdoc />
    public override string ToString() => Summary;

    internal static EcsDiscoveryRound From(Engine.Rounds.RoundReport report) => new()
    {
        Round = report.Round,
        StartedAt = report.StartedAt,
        Duration = report.Duration,
        Result = report.Result.ToString(),
        TargetsByFile = ToHashtable(report.TargetsByFile),
        SkippedByReason = ToHashtable(report.SkippedByReason),
        ApiCalls = report.ApiCalls,
        ThrottledCalls = report.ThrottledCalls,
        CacheHits = report.CacheHits,
        CacheMisses = report.CacheMisses,
        FailedClusters = report.FailedClusters.ToArray(),
        HeldClusters = report.HeldClusters.ToArray(),
        Overran = report.Overran,
        WarmUp = report.WarmUp,
        FailureMessage = report.FailureMessage,
        Summary = report.ToString(),
    };

    private static Hashtable ToHashtable(System.Collections.Generic.IReadOnlyDictionary<string, int> values)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in values)
        {
            table[pair.Key] = pair.Value;
        }

        return table;
    }
}
