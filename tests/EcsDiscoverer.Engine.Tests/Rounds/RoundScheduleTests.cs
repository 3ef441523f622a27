using System;
using EcsDiscoverer.Engine.Rounds;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rounds;

/// <summary>Issue 3 (loop): fixed-rate rounds measured start to start; an overrun starts the next round at once.</summary>
public class RoundScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory(DisplayName = "RoundSchedule: next start and overrun")]
    [InlineData(15, 2, 15, false)]    // a 2 s round waits until 15 s after its start
    [InlineData(15, 15, 15, false)]   // exactly on time is not an overrun
    [InlineData(15, 16, 16, true)]    // overran: the next round starts now
    [InlineData(60, 59.5, 60, false)]
    [InlineData(1, 40, 40, true)]     // missed slots are not made up
    public void Next(double intervalSeconds, double elapsedSeconds, double expectedNextSeconds, bool expectedOverran)
    {
        var (next, overran) = RoundSchedule.Next(Start, TimeSpan.FromSeconds(intervalSeconds), Start.AddSeconds(elapsedSeconds));
        Assert.Equal(Start.AddSeconds(expectedNextSeconds), next);
        Assert.Equal(expectedOverran, overran);
    }
}
