using System;
using EcsDiscoverer.Engine.Events;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>R18.4, R18.5: when a scope lists its clusters.</summary>
public class ListingScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 13, 0, 0, TimeSpan.Zero);

    [Theory(DisplayName = "R18.4/R18.5: never listed lists at once; from events every reconcile interval; polled every interval")]
    [InlineData(null, true, 0, true)]
    [InlineData(0, true, 14, false)]
    [InlineData(0, false, 14, false)]
    [InlineData(0, false, 15, true)]
    [InlineData(0, true, 15, false)]
    [InlineData(0, true, 299, false)]
    [InlineData(0, true, 300, true)]
    public void ShouldList(int? listedAt, bool fromEvents, int now, bool lists)
    {
        var schedule = new ListingSchedule(1, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
        if (listedAt is { } at)
        {
            schedule.Listed(0, T0.AddSeconds(at));
        }

        Assert.Equal(lists, schedule.ShouldList(0, fromEvents, T0.AddSeconds(now)));
    }

    [Fact(DisplayName = "R18.4/R18.5: the next listing is the earliest of the scopes'; a queue back lists its scopes at once")]
    public void NextDue()
    {
        var schedule = new ListingSchedule(2, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
        schedule.Listed(0, T0);
        schedule.Listed(1, T0);
        Assert.Equal(T0.AddMinutes(5), schedule.NextDue(_ => true, T0));
        Assert.Equal(T0.AddSeconds(15), schedule.NextDue(i => i == 0, T0));
        schedule.ListSoon(0);
        Assert.Equal(T0.AddSeconds(1), schedule.NextDue(_ => true, T0.AddSeconds(1)));
        Assert.True(schedule.ShouldList(0, true, T0.AddSeconds(1)));
    }
}
