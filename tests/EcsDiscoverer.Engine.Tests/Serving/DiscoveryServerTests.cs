using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Serving;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Engine.Tests.Telemetry;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Serving;

// issue 3 (self-metrics): the /metrics endpoint Prometheus scrapes, on real sockets.
public class DiscoveryServerTests
{
    private static int FreePort(IPAddress address)
    {
        var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static HttpClient NewClient() => new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Sends <paramref name="request"/> as it is and returns the whole answer, for requests HttpClient will not send.</summary>
    private static async Task<string> RawExchange(Uri url, string request)
    {
        using var client = new TcpClient(url.HostNameType == UriHostNameType.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Parse(url.IdnHost), url.Port);
        var stream = client.GetStream();
        var bytes = Encoding.ASCII.GetBytes(request);
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact(DisplayName = "issue 3: serves /metrics on 127.0.0.1 in the Prometheus text format")]
    public async Task ServesMetrics()
    {
        var metrics = DiscoveryMetricsTests.NewMetrics();
        metrics.RecordRound(DiscoveryMetricsTests.SuccessRound(generic: 6));
        var port = FreePort(IPAddress.Loopback);
        using var endpoint = DiscoveryServer.Start(metrics, "127.0.0.1", port);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/metrics"), endpoint.Url);

        using var http = NewClient();
        using var response = await http.GetAsync(endpoint.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(6, text.Value("ecs_discoverer_targets", "file=tasks.json"));
        Assert.Equal(1, text.Value("ecs_discoverer_rounds_total", "result=success"));
    }

    [Fact(DisplayName = "issue 3: a scrape addressed to localhost is served too (no Host matching, unlike HttpListener)")]
    public async Task AnyHostHeader()
    {
        using var endpoint = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0);
        using var http = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        request.Headers.Host = "localhost:" + endpoint.Url.Port;
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "issue 3: other paths are 404, other methods 405, HEAD has the headers only")]
    public async Task OtherRequests()
    {
        using var endpoint = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0);
        using var http = NewClient();

        using var other = await http.GetAsync(new Uri(endpoint.Url, "/other"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("/metrics", await other.Content.ReadAsStringAsync());

        using var post = await http.PostAsync(endpoint.Url, new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);

        using var query = await http.GetAsync(new Uri(endpoint.Url, "/metrics/?name[]=x"));
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);

        var head = await RawExchange(endpoint.Url, "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.Matches("Content-Length: [1-9][0-9]*\r\n", head);
        Assert.EndsWith("\r\n\r\n", head);

        var absolute = await RawExchange(endpoint.Url, $"GET http://localhost:{endpoint.Url.Port}/metrics HTTP/1.1\r\nHost: localhost:{endpoint.Url.Port}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", absolute);

        var garbage = await RawExchange(endpoint.Url, "hello\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", garbage);
    }

    [Fact(DisplayName = "issue 3: a second endpoint on the same port fails at Start, naming the port and the ways out")]
    public async Task PortInUse()
    {
        var port = FreePort(IPAddress.Loopback);
        using var first = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", port);

        var ex = Assert.Throws<ServerStartException>(() => DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", port));
        Assert.Contains("127.0.0.1 port " + port, ex.Message);
        Assert.Contains("in use", ex.Message);
        Assert.Contains("-MetricsPort", ex.Message);
        Assert.Contains("PROMETHEUS_SERVER_PORT", ex.Message);
        Assert.Contains("-NoMetricsServer", ex.Message);
        Assert.Contains("PROMETHEUS_START_HTTP_SERVER=false", ex.Message);
        Assert.Equal(port, ex.Port);
        Assert.Equal("127.0.0.1", ex.Address);
        Assert.IsType<SocketException>(ex.InnerException);

        // The first endpoint is unharmed.
        using var http = NewClient();
        using var response = await http.GetAsync(first.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(DisplayName = "issue 3: a port held by another program is reported the same way")]
    public void PortHeldByAnotherSocket()
    {
        var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        try
        {
            var port = ((IPEndPoint)other.LocalEndpoint).Port;
            var ex = Assert.Throws<ServerStartException>(() => DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", port));
            Assert.Contains("port " + port, ex.Message);
        }
        finally
        {
            other.Stop();
        }
    }

    [Theory(DisplayName = "issue 3: an address that is not an IP address of this machine, or a port out of range, fails at Start")]
    [InlineData("example.com", 9100, "not an IP address")]
    [InlineData("10.1", 9100, "not an IP address")]
    [InlineData("192.0.2.1", 9100, "not one of this machine's")]
    [InlineData("127.0.0.1", 70000, "from 1 to 65535")]
    [InlineData("127.0.0.1", -1, "from 1 to 65535")]
    public void BadAddressOrPort(string address, int port, string problem)
    {
        var ex = Assert.Throws<ServerStartException>(() => DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), address, port));
        Assert.Contains(address + " port " + port, ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact(DisplayName = "issue 3: Dispose stops listening at once, even with a scrape hanging, and frees the port")]
    public async Task DisposeIsPrompt()
    {
        var endpoint = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0);
        var port = endpoint.Url.Port;
        using var hanging = new TcpClient();
        await hanging.ConnectAsync(IPAddress.Loopback, port);
        await hanging.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\n"));
        await Task.Delay(100);

        var watch = Stopwatch.StartNew();
        endpoint.Dispose();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {watch.Elapsed}");

        // The hanging connection was closed rather than left to its timeout.
        var read = hanging.GetStream().ReadAsync(new byte[16]).AsTask();
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2))));

        var again = new TcpListener(IPAddress.Loopback, port);
        again.Start();
        again.Stop();
        endpoint.Dispose();
    }

    [Fact(DisplayName = "issue 3: listens on the IPv6 loopback ::1 when the machine has IPv6")]
    public async Task Ipv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return; // Nothing to test on a machine without IPv6.
        }

        using var endpoint = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "::1", 0);
        Assert.Equal("[::1]", endpoint.Url.Host);
        using var http = NewClient();
        using var response = await http.GetAsync(endpoint.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
    [Fact(DisplayName = "issue 12: / answers a short page naming /metrics, /-/healthy and /-/ready")]
    public async Task IndexPage()
    {
        using var endpoint = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0);
        using var http = NewClient();
        using var response = await http.GetAsync(new Uri(endpoint.Url, "/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/metrics\"", page);
        Assert.Contains("href=\"/-/healthy\"", page);
        Assert.Contains("href=\"/-/ready\"", page);
    }

    [Fact(DisplayName = "issue 12: /-/healthy answers 200 while the process is up, before any round; HEAD too")]
    public async Task Healthy()
    {
        using var endpoint = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0);
        using var http = NewClient();
        using var response = await http.GetAsync(new Uri(endpoint.Url, "/-/healthy"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy.\n", await response.Content.ReadAsStringAsync());

        var head = await RawExchange(endpoint.Url, "HEAD /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.EndsWith("\r\n\r\n", head);

        using var post = await http.PostAsync(new Uri(endpoint.Url, "/-/healthy"), new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    /// <summary>GET /-/ready (READY_MAX_AGE 1m) after rounds of these results that ended this long ago.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> ReadyAfter(TimeSpan ago, params RoundResult[] results)
    {
        var metrics = DiscoveryMetricsTests.NewMetrics();
        using var endpoint = DiscoveryServer.Start(metrics, "127.0.0.1", 0, TimeSpan.FromMinutes(1));
        foreach (var result in results)
        {
            metrics.RecordRound(new RoundReport { Round = 1, StartedAt = DateTimeOffset.UtcNow - ago, Duration = TimeSpan.FromSeconds(1), Result = result });
        }

        using var http = NewClient();
        using var response = await http.GetAsync(new Uri(endpoint.Url, "/-/ready"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "issue 12: /-/ready is 503 with a one-line reason before the first round and after failed rounds only")]
    public async Task NotReadyWithoutSuccess()
    {
        Assert.Equal(
            (HttpStatusCode.ServiceUnavailable, "Not ready: no discovery round has finished yet.\n"),
            await ReadyAfter(TimeSpan.Zero));

        var (status, reason) = await ReadyAfter(TimeSpan.Zero, RoundResult.Failed, RoundResult.Failed);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("Not ready: no discovery round has succeeded yet", reason);
        Assert.Single(reason.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory(DisplayName = "issue 12: /-/ready is 200 after a recent successful or partial round, even if a failed one followed")]
    [InlineData(RoundResult.Success)]
    [InlineData(RoundResult.Partial)]
    public async Task ReadyAfterRecentRound(RoundResult result)
    {
        Assert.Equal((HttpStatusCode.OK, "Ready.\n"), await ReadyAfter(TimeSpan.FromSeconds(2), result));
        Assert.Equal((HttpStatusCode.OK, "Ready.\n"), await ReadyAfter(TimeSpan.FromSeconds(2), result, RoundResult.Failed));
    }

    [Fact(DisplayName = "issue 12: /-/ready is 503 when the last success is older than READY_MAX_AGE, naming both ages")]
    public async Task NotReadyWhenStale()
    {
        var (status, reason) = await ReadyAfter(TimeSpan.FromMinutes(10), RoundResult.Success);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Matches(@"^Not ready: the last successful round ended 9m5[0-9]s ago, longer than READY_MAX_AGE \(1m\)\.\n$", reason);
    }

    [Fact(DisplayName = "issue 12: /metrics carries the process and runtime metrics; the metrics file does not")]
    public async Task ProcessMetrics()
    {
        var metrics = DiscoveryMetricsTests.NewMetrics();
        using var endpoint = DiscoveryServer.Start(metrics, "127.0.0.1", 0);
        using var http = NewClient();
        var text = PrometheusText.Parse(await http.GetStringAsync(endpoint.Url));
        Assert.True(text.Value("process_cpu_seconds_total") >= 0);
        Assert.True(text.Value("process_start_time_seconds") > 1_600_000_000);
        Assert.True(text.Value("process_working_set_bytes") > 0);
        Assert.True(text.Value("process_num_threads") > 0);
        Assert.True(text.Value("dotnet_total_memory_bytes") > 0);
        Assert.Equal(1, text.Value("ecs_discoverer_build_info", "version=1.2.3"));

        Assert.DoesNotContain("process_", metrics.ToText(), StringComparison.Ordinal);
    }
}
