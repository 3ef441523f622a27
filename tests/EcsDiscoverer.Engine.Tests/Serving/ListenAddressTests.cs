using System.Net;
using System.Net.Sockets;
using EcsDiscoverer.Engine.Serving;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Serving;

// issue 3 (self-metrics): which socket address a configured metrics address means.
public class ListenAddressTests
{
    [Theory(DisplayName = "issue 3: addresses are IP literals, localhost, or a wildcard; blank is loopback")]
    [InlineData("127.0.0.1", "127.0.0.1", false)]
    [InlineData("", "127.0.0.1", false)]
    [InlineData(null, "127.0.0.1", false)]
    [InlineData(" localhost ", "127.0.0.1", false)]
    [InlineData("0.0.0.0", "0.0.0.0", false)]
    [InlineData("::", "::", true)]
    [InlineData("[::]", "::", true)]
    [InlineData("::1", "::1", false)]
    [InlineData("[::1]", "::1", false)]
    [InlineData("10.0.3.7", "10.0.3.7", false)]
    public void Parses(string? text, string expected, bool dualMode)
    {
        var address = ListenAddress.TryParse(text);
        Assert.NotNull(address);
        Assert.Equal(IPAddress.Parse(expected), address!.Address);
        Assert.Equal(dualMode, address.DualMode);
    }

    [Theory(DisplayName = "issue 3: * and + mean every interface, IPv4 and IPv6 where the machine has IPv6")]
    [InlineData("*")]
    [InlineData("+")]
    public void Wildcards(string text)
    {
        var address = ListenAddress.TryParse(text)!;
        Assert.True(address.IsWildcard);
        Assert.Equal(Socket.OSSupportsIPv6, address.DualMode);
        Assert.Equal("http://127.0.0.1:9100/metrics", address.UrlFor(9100, "/metrics").ToString());
    }

    [Theory(DisplayName = "issue 3: host names, shorthand IPv4 forms and bracketed IPv4 are refused")]
    [InlineData("example.com")]
    [InlineData("10.1")]
    [InlineData("167772161")]
    [InlineData("[127.0.0.1]")]
    [InlineData("[]")]
    [InlineData("1.2.3.4.5")]
    [InlineData("::1]")]
    public void Refuses(string text) => Assert.Null(ListenAddress.TryParse(text));

    [Theory(DisplayName = "issue 3: the URL of an IPv6 address has brackets and no zone")]
    [InlineData("::1", "http://[::1]:8080/metrics")]
    [InlineData("fe80::1%2", "http://[fe80::1]:8080/metrics")]
    [InlineData("127.0.0.1", "http://127.0.0.1:8080/metrics")]
    public void Urls(string text, string url) => Assert.Equal(url, ListenAddress.TryParse(text)!.UrlFor(8080, "/metrics").ToString());

    [Theory(DisplayName = "issue 3: a path is matched with or without a trailing slash (Kestrel takes the query and absolute form apart)")]
    [InlineData("/metrics", "/metrics")]
    [InlineData("/metrics/", "/metrics")]
    [InlineData("/targets/index/", "/targets/index")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/Metrics", "/Metrics")]
    public void RequestPath(string path, string expected) => Assert.Equal(expected, ServerRoutes.RequestPath(path));
}
