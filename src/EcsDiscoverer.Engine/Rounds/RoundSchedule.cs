using System;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// Fixed-rate rounds, measured start to start, so that output files age evenly whatever a round costs.
/// A round that overruns the interval is followed at once by the next: waiting for the next slot would leave
/// Prometheus with older targets for no gain.
/// </summary>
internal static class RoundSchedule
{
    /// <summary>When the round after one that started at <paramref name="lastStart"/> starts, seen at <paramref name="now"/>.</summary>
    public static (DateTimeOffset NextStart, bool Overran) Next(DateTimeOffset lastStart, TimeSpan interval, DateTimeOffset now)
    {
        var due = lastStart + interval;
        return now <= due ? (due, false) : (now, true);
    }
}
