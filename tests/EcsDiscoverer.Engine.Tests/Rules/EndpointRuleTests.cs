using System.Linq;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

public class EndpointRuleTests
{
    // Expected endpoints as "interval|path" joined with ";", in order.
    [Theory(DisplayName = "R6: PROMETHEUS_ENDPOINT entries are [interval:]path")]
    [InlineData(null, "generic|/metrics")]
    [InlineData("", "generic|/metrics")]
    [InlineData("   ", "generic|/metrics")]
    [InlineData("/mymetrics", "generic|/mymetrics")]
    [InlineData("mymetrics", "generic|/mymetrics")]
    [InlineData("5m:/mymetrics,30s:/mymetrics2", "5m|/mymetrics;30s|/mymetrics2")]
    [InlineData("/mymetrics,30s:/mymetrics2", "generic|/mymetrics;30s|/mymetrics2")]
    [InlineData(" 15s : /a , 1m:/b ", "15s|/a;1m|/b")]
    [InlineData("/a,,/b,", "generic|/a;generic|/b")]
    [InlineData(",,,", "generic|/metrics")]
    [InlineData("30s:/x,5m:/x", "30s|/x;5m|/x")]
    [InlineData("30s:/x,30s:/x,/x", "30s|/x;generic|/x")]
    [InlineData("/a:b", "generic|/a:b")]
    [InlineData("30s:metrics", "30s|/metrics")]
    [InlineData("30s:", "30s|/metrics")]
    public void Parses(string? value, string expected)
    {
        var result = EndpointRule.Parse(value);
        Assert.Equal(expected, string.Join(";", result.Endpoints.Select(e => ScrapeIntervals.Name(e.Interval) + "|" + e.Path)));
        Assert.Empty(result.Warnings);
    }

    [Theory(DisplayName = "R6: an unknown interval is generic, with one warning, and never a file of its own")]
    [InlineData("10m:/x", "generic|/x")]
    [InlineData("15S:/x", "generic|/x")]
    [InlineData("generic:/x", "generic|/x")]
    public void UnknownInterval(string value, string expected)
    {
        var result = EndpointRule.Parse(value);
        Assert.Equal(expected, string.Join(";", result.Endpoints.Select(e => ScrapeIntervals.Name(e.Interval) + "|" + e.Path)));
        Assert.Single(result.Warnings);
    }

    [Fact(DisplayName = "R6: the fallback metrics path is configurable")]
    public void FallbackPath()
    {
        Assert.Equal("/prom", EndpointRule.Parse(null, "prom").Endpoints.Single().Path);
        Assert.Equal("/metrics", EndpointRule.Parse(null, "  ").Endpoints.Single().Path);
    }
}
