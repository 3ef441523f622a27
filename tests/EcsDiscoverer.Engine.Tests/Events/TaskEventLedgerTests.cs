using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Events;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>R18.2: events are applied in the order of their task's version, whatever order SQS delivers them in.</summary>
public class TaskEventLedgerTests
{
    private const string Cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/web";

    private static EcsEvent Event(string task, long version, string status = "RUNNING") => new()
    {
        ClusterArn = Cluster,
        Version = version,
        Task = new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/web/" + task, ClusterArn = Cluster, LastStatus = status, DesiredStatus = status, Version = version },
    };

    [Theory(DisplayName = "R18.2: a newer version applies; the same version is a duplicate, an older one stale")]
    [InlineData(new long[] { 1, 2, 3 }, new[] { "", "", "" })]
    [InlineData(new long[] { 2, 2 }, new[] { "", "Duplicate" })]
    [InlineData(new long[] { 3, 1 }, new[] { "", "Stale" })]
    [InlineData(new long[] { 1, 3, 2, 3 }, new[] { "", "", "Stale", "Duplicate" })]
    public void Order(long[] versions, string[] outcomes)
    {
        var ledger = new TaskEventLedger();
        var got = versions.Select(v => ledger.Offer(Event("a", v))?.ToString() ?? "").ToArray();
        Assert.Equal(outcomes, got);
        Assert.Equal(versions.Max(), Assert.Single(ledger.Take("web")).Version);
    }

    [Fact(DisplayName = "R18.2: a late RUNNING event of a task that already stopped is stale: the task stays gone")]
    public void LateStartAfterStop()
    {
        var ledger = new TaskEventLedger();
        Assert.Null(ledger.Offer(Event("a", 4, "STOPPED")));
        Assert.Equal(EventIgnoreReason.Stale, ledger.Offer(Event("a", 2)));
        Assert.True(Assert.Single(ledger.Take("web")).IsStopping);
    }

    [Fact(DisplayName = "R18.2: a description of the task makes the events it is newer than stale")]
    public void DescriptionIsNewer()
    {
        var ledger = new TaskEventLedger();
        ledger.Observe(new EcsTask { TaskArn = Event("a", 1).TaskArn, Version = 5 });
        Assert.Equal(EventIgnoreReason.Stale, ledger.Offer(Event("a", 4)));
        Assert.Equal(EventIgnoreReason.Duplicate, ledger.Offer(Event("a", 5)));
        Assert.Null(ledger.Offer(Event("a", 6)));
    }

    [Fact(DisplayName = "R18.2: events a failed round took wait for the next round, unless a newer one came meanwhile")]
    public void ReturnKeepsTheNewest()
    {
        var ledger = new TaskEventLedger();
        ledger.Offer(Event("a", 1));
        ledger.Offer(Event("b", 1));
        var taken = ledger.Take("web");
        Assert.False(ledger.HasPending);
        ledger.Offer(Event("a", 2));
        ledger.Return("web", taken);
        var again = ledger.Take("web").ToDictionary(e => e.TaskArn.Split('/').Last(), e => e.Version);
        Assert.Equal(2, again["a"]);
        Assert.Equal(1, again["b"]);
        Assert.Equal(2, ledger.TakeWritten().Count);
    }

    [Fact(DisplayName = "R18.5: a listing settles the events that arrived before it, not those that came during it")]
    public void SettleOnlyWhatWasSeen()
    {
        var ledger = new TaskEventLedger();
        ledger.Offer(Event("a", 1));
        var seen = ledger.Peek("web");
        ledger.Offer(Event("b", 1));
        ledger.Settle("web", seen);
        Assert.EndsWith("/b", Assert.Single(ledger.Take("web")).TaskArn, System.StringComparison.Ordinal);

        // Both are written by the round: the settled one by its listing, the taken one from its event.
        Assert.Equal(2, ledger.TakeWritten().Count);
    }

    [Fact(DisplayName = "R18.4: only new events call for a round; events a failed round gave back wait for the next one")]
    public void OnlyFreshEventsCallForARound()
    {
        var ledger = new TaskEventLedger();
        Assert.False(ledger.HasFresh);
        ledger.Offer(Event("a", 1));
        Assert.True(ledger.HasFresh);
        ledger.BeginRound();
        var taken = ledger.Take("web");
        ledger.Return("web", taken);
        Assert.False(ledger.HasFresh);
        Assert.True(ledger.HasPending);
        Assert.Equal(EventIgnoreReason.Duplicate, ledger.Offer(Event("a", 1)));
        Assert.False(ledger.HasFresh);
        ledger.Offer(Event("b", 1));
        Assert.True(ledger.HasFresh);
    }
}
