using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Serving;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Serving;

// issue 13 item 3: the /targets query filters, as a pure function.
public class TargetFilterTests
{
    internal static FileSdGroup Group(ScrapeInterval interval, string target, string account, string region, string cluster) =>
        new(interval, target, "job", "/metrics", new Dictionary<string, string>
        {
            ["job"] = "job",
            [TargetLabelRule.ClusterArnLabel] = $"arn:aws:ecs:{region}:{account}:cluster/{cluster}",
        });

    private static readonly FileSdGroup[] Groups =
    {
        Group(ScrapeInterval.Seconds15, "10.0.0.1:80", "111111111111", "us-east-1", "prod"),
        Group(ScrapeInterval.Seconds15, "10.0.0.2:80", "222222222222", "eu-west-1", "prod"),
        Group(ScrapeInterval.Minute1, "10.0.0.3:80", "111111111111", "eu-west-1", "batch"),
        Group(ScrapeInterval.Generic, "10.0.0.4:80", "222222222222", "us-east-1", "batch_2"),
        new(ScrapeInterval.Generic, "10.0.0.5:80", "job", "/metrics", new Dictionary<string, string> { ["job"] = "piped" }),
    };

    private static List<KeyValuePair<string, IEnumerable<string>>> Query(string query) =>
        query.Length == 0
            ? new()
            : query.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, IEnumerable<string>>(p[0], new[] { p.Length > 1 ? p[1] : "" })).ToList();

    // Repeating a parameter arrives as several pairs of one name.
    [Theory(DisplayName = "issue 13: several values of one filter mean any of them, different filters all of them")]
    [InlineData("", "10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5")]
    [InlineData("interval=15s", "10.0.0.1 10.0.0.2")]
    [InlineData("interval=15s,generic", "10.0.0.1 10.0.0.2 10.0.0.4 10.0.0.5")]
    [InlineData("interval=15s&interval=1m", "10.0.0.1 10.0.0.2 10.0.0.3")]
    [InlineData("INTERVAL=GENERIC", "10.0.0.4 10.0.0.5")]
    [InlineData("file=1m-tasks.json", "10.0.0.3")]
    [InlineData("file=tasks.json&interval=15s", "")]
    [InlineData("account=111111111111", "10.0.0.1 10.0.0.3")]
    [InlineData("account=111111111111&region=eu-west-1", "10.0.0.3")]
    [InlineData("region=us-east-1,eu-west-1&cluster=prod", "10.0.0.1 10.0.0.2")]
    [InlineData("cluster=batch_2", "10.0.0.4")]
    [InlineData("cluster=batch&interval=15s", "")]
    [InlineData("account=333333333333", "")]
    public void Filters(string query, string expected)
    {
        var filter = TargetFilter.Parse(Query(query), OutputFileNames.Default, out var problem);
        Assert.NotNull(filter);
        Assert.Equal("", problem);
        var kept = Groups.Where(g => filter!.Includes(g.Interval) && filter.Matches(g)).Select(g => g.Target.Split(':')[0]);
        Assert.Equal(expected, string.Join(" ", kept));
    }

    [Theory(DisplayName = "issue 13: an unknown parameter or a bad value is refused with a reason naming what is valid")]
    [InlineData("colour=red", "unknown parameter 'colour': use interval, file, account, region or cluster")]
    [InlineData("interval=2m", "interval '2m' is not one: use generic, 15s, 30s, 1m, 5m")]
    [InlineData("file=other.json", "file 'other.json' is not one of the files: use tasks.json, 15s-tasks.json, 30s-tasks.json, 1m-tasks.json, 5m-tasks.json")]
    [InlineData("account=1234", "account '1234' is not valid: use a 12-digit AWS account id such as 123456789012")]
    [InlineData("region=Mars", "region 'Mars' is not valid: use a region name such as us-east-1")]
    [InlineData("cluster=a/b", "cluster 'a/b' is not valid: use a cluster name (letters, digits, - and _)")]
    [InlineData("cluster=", "parameter 'cluster' has an empty value: give a value, or leave the parameter out")]
    [InlineData("interval=15s,", "parameter 'interval' has an empty value: give a value, or leave the parameter out")]
    public void Refuses(string query, string expected)
    {
        Assert.Null(TargetFilter.Parse(Query(query), OutputFileNames.Default, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact(DisplayName = "issue 13: the file filter follows renamed files (FILENAME_*)")]
    public void RenamedFiles()
    {
        var names = OutputFileNames.Default.With(ScrapeInterval.Seconds15, "fast.json");
        var filter = TargetFilter.Parse(Query("file=fast.json"), names, out _)!;
        Assert.True(filter.Includes(ScrapeInterval.Seconds15));
        Assert.False(filter.Includes(ScrapeInterval.Generic));
        Assert.Null(TargetFilter.Parse(Query("file=15s-tasks.json"), names, out _));
    }
}
