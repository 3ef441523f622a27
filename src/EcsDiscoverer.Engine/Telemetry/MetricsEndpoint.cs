using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>
/// Serves <see cref="DiscoveryMetrics"/> at <c>/metrics</c> over HTTP for Prometheus to scrape, and the health checks
/// <c>/-/healthy</c> and <c>/-/ready</c> (see <see cref="MetricsHttpExchange"/>), until disposed.
/// </summary>
/// <remarks>
/// A small server on a plain socket rather than prometheus-net's MetricServer (HttpListener), because HttpListener
/// cannot do what a listen address promises on every platform: on Linux it rejects IPv6 literal prefixes
/// (dotnet/runtime#34399) and answers 404 when the Host header differs from the prefix (a scrape of
/// <c>localhost:8080</c> against <c>127.0.0.1</c>), and on Windows (http.sys) it needs administrator rights or a
/// URL reservation for any prefix but <c>localhost</c>. A socket binds exactly the address given, as any exporter does.
/// </remarks>
public sealed class MetricsEndpoint : IDisposable
{
    /// <summary>The path the metrics are served at.</summary>
    public const string MetricsPath = "/metrics";

    // A scraper needs one connection; the cap keeps a misbehaving client from tying up sockets and threads.
    private const int MaxConnections = 16;

    // Prometheus' default scrape timeout; a client slower than this is not a scraper worth waiting for.
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan StopWait = TimeSpan.FromMilliseconds(500);

    private readonly DiscoveryMetrics _metrics;
    private readonly TimeSpan _readyMaxAge;
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<TcpClient, bool> _connections = new();
    private readonly Task _acceptLoop;
    private int _stopped;

    private MetricsEndpoint(DiscoveryMetrics metrics, TimeSpan readyMaxAge, TcpListener listener, Uri url)
    {
        _metrics = metrics;
        _readyMaxAge = readyMaxAge;
        _listener = listener;
        Url = url;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The URL of the metrics; for a wildcard address, through loopback.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> and serving the metrics.</summary>
    /// <param name="metrics">The metrics to serve.</param>
    /// <param name="address">
    /// An IP address of this machine: <c>127.0.0.1</c> (the default when blank: loopback only), <c>0.0.0.0</c>
    /// (every IPv4 interface), <c>*</c>, <c>+</c> or <c>::</c> (every interface, IPv4 and IPv6), <c>::1</c> or any
    /// IPv6 literal (brackets optional), or <c>localhost</c> (as 127.0.0.1).
    /// </param>
    /// <param name="port">The TCP port; 0 lets the system choose one (see <see cref="Url"/>).</param>
    /// <param name="readyMaxAge">
    /// <c>/-/ready</c> answers 200 while the last successful round ended at most this long ago; a minute when null.
    /// </param>
    /// <exception cref="MetricsEndpointException">
    /// The endpoint cannot listen: the port is in use, the address is not valid or not this machine's, or the
    /// port needs rights the process does not have. Thrown here, never later.
    /// </exception>
    internal static MetricsEndpoint Start(DiscoveryMetrics metrics, string address, int port, TimeSpan? readyMaxAge = null)
    {
        if (metrics is null)
        {
            throw new ArgumentNullException(nameof(metrics));
        }

        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new MetricsEndpointException(address, port, "a port is a number from 1 to 65535");
        }

        var listen = ListenAddress.TryParse(address)
            ?? throw new MetricsEndpointException(
                address,
                port,
                "that is not an IP address; give one of this machine's addresses, 127.0.0.1 (loopback, the default), 0.0.0.0 or * (every interface) or ::1");

        var listener = new TcpListener(listen.Address, port);
        try
        {
            if (listen.DualMode)
            {
                listener.Server.DualMode = true;
            }

            listener.Start();
        }
        catch (SocketException ex)
        {
            listener.Stop();
            throw new MetricsEndpointException(address, port, Describe(ex), ex);
        }

        var bound = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new MetricsEndpoint(metrics, readyMaxAge ?? TimeSpan.FromMinutes(1), listener, listen.UrlFor(bound, MetricsPath));
    }

    /// <summary>Stops listening and ends the scrapes in progress; returns within a second.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        // Stopping the listener ends the pending accept at once; the wait only keeps a late accept from outliving us.
        _acceptLoop.Wait(StopWait);
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the port is already in use by another process (or another metrics server)",
        SocketError.AddressNotAvailable => "the address is not one of this machine's",
        SocketError.AccessDenied => "permission denied (ports below 1024 usually need elevated rights)",
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported => "this machine does not support that address family",
        _ => ex.Message,
    };

    private async Task AcceptLoopAsync()
    {
        while (Volatile.Read(ref _stopped) == 0)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException || (ex is SocketException && Volatile.Read(ref _stopped) != 0))
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before it was accepted, or out of descriptors: try again, without spinning.
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            if (_connections.Count >= MaxConnections)
            {
                client.Dispose();
                continue;
            }

            _connections[client] = true;
            if (Volatile.Read(ref _stopped) != 0)
            {
                // Dispose ran between the accept and the registration and did not see this connection.
                _connections.TryRemove(client, out _);
                client.Dispose();
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ExchangeTimeout);
            // Socket reads do not observe a cancellation token on every framework; closing the connection ends them.
            using var expiry = timeout.Token.Register(static state => ((TcpClient)state!).Dispose(), client);
            await MetricsHttpExchange.RunAsync(client.GetStream(), _metrics, _readyMaxAge, timeout.Token).ConfigureAwait(false);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client hung up, was too slow, or the endpoint is stopping: nobody is left to answer.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
        }
    }
}
