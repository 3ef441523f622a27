using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Serving;
using EcsDiscoverer.Engine.Tests.Telemetry;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Serving;

// issue 13 item 3: malformed, oversized and slow clients never keep a scrape from being answered. Timed, so run alone.
[Collection(Faults.FaultTimingGroup.Name)]
public class SlowClientTests
{
    // Generous for a loaded two-core CI box; an idle machine answers in milliseconds.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    private static async Task<string> RawExchange(Uri url, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    private static async Task AssertPromptAsync(HttpClient http, Uri url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed < Prompt, $"GET {url.PathAndQuery} took {watch.Elapsed}");
    }

    [Fact(DisplayName = "issue 13: 300 connections holding half-sent requests do not delay GET /metrics or /targets")]
    public async Task HalfSentRequests()
    {
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: HttpSdTests.Published());
        var slow = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, server.Url.Port);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                slow.Add(client);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await AssertPromptAsync(http, server.Url);
            await AssertPromptAsync(http, server.TargetsUrl);

            // Still, while they dribble on.
            foreach (var client in slow)
            {
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("a"));
            }

            await AssertPromptAsync(http, new Uri(server.Url, "/targets?interval=15s"));
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Theory(DisplayName = "issue 13: a malformed request line, oversized headers or a bad method get a clear status, and the server keeps serving")]
    [InlineData("hello\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("GET /metrics HTTP/9.9\r\nHost: x\r\n\r\n", "HTTP/1.1 505 ")]
    [InlineData("GET /metrics\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("BREW /targets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 405 ")]
    [InlineData("GET /targets HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n", "HTTP/1.1 431 ")]
    [InlineData("GET /targets?interval=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 404 ")]
    public async Task BadRequests(string request, string expected)
    {
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: HttpSdTests.Published());
        var answer = await RawExchange(server.Url, request.Replace("{big}", new string('a', 20 * 1024), StringComparison.Ordinal));
        Assert.StartsWith(expected, answer, StringComparison.Ordinal);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await AssertPromptAsync(http, server.TargetsUrl);
        await AssertPromptAsync(http, server.Url);
    }

    [Fact(DisplayName = "issue 13: a client that never finishes its headers is cut off after the header timeout, not kept forever")]
    public async Task HeaderTimeout()
    {
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Url.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\n"));
        var read = client.GetStream().ReadAsync(new byte[256]).AsTask();
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))));
    }
}
