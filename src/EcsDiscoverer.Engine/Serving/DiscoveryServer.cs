using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// The loop's HTTP server: the self-metrics at <c>/metrics</c>, the targets for Prometheus's <c>http_sd_configs</c> at
/// <c>/targets</c> (and what is served at <c>/targets/index</c>), and the health checks <c>/-/healthy</c> and
/// <c>/-/ready</c> (see <see cref="ServerRoutes"/>), until disposed.
/// </summary>
/// <remarks>
/// Kestrel, used bare (no web host, no DI container): it binds exactly the address given, as a socket does (HttpListener
/// could not: it rejects IPv6 literals on Linux, matches Host headers and needs URL reservations on Windows), and it
/// withstands what a small server of our own had to be taught one case at a time: malformed and oversized requests,
/// clients that send their headers a byte at a time, and many connections at once.
/// </remarks>
public sealed class DiscoveryServer : IDisposable
{
    /// <summary>The largest request line plus headers accepted (431 beyond); real scrapers send a few hundred bytes.</summary>
    public const int MaxRequestHeadBytes = 16 * 1024;

    // Prometheus' default scrape timeout; a client slower than this with its headers is not a scraper worth waiting for.
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);

    // Each waiting connection costs a socket and a few kilobytes, no thread: a cap this high keeps a flood of
    // half-sent requests from starving the next scrape, and still bounds the descriptors a misbehaving client can hold.
    private const long MaxConnections = 1000;

    private static readonly TimeSpan StopWait = TimeSpan.FromMilliseconds(500);

    private readonly KestrelServer _server;
    private readonly X509Certificate2? _certificate;
    private int _stopped;

    private DiscoveryServer(KestrelServer server, X509Certificate2? certificate, Uri url)
    {
        _server = server;
        _certificate = certificate;
        Url = url;
    }

    /// <summary>The URL of the metrics; for a wildcard address, through loopback.</summary>
    public Uri Url { get; }

    /// <summary>The URL of the targets (<c>/targets</c>).</summary>
    public Uri TargetsUrl => new(Url, ServerRoutes.TargetsPath);

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> and serving.</summary>
    /// <param name="metrics">The metrics to serve, and the last successful round for readiness.</param>
    /// <param name="address">
    /// An IP address of this machine: <c>127.0.0.1</c> (the default when blank: loopback only), <c>0.0.0.0</c>
    /// (every IPv4 interface), <c>*</c>, <c>+</c> or <c>::</c> (every interface, IPv4 and IPv6), <c>::1</c> or any
    /// IPv6 literal (brackets optional), or <c>localhost</c> (as 127.0.0.1).
    /// </param>
    /// <param name="port">The TCP port; 0 lets the system choose one (see <see cref="Url"/>).</param>
    /// <param name="readyMaxAge">
    /// <c>/-/ready</c> answers 200 while the last successful round ended at most this long ago; a minute when null.
    /// </param>
    /// <param name="targets">The targets of the last good round; none served (503) when null.</param>
    /// <param name="access">Who may read the targets and metrics, and the TLS certificate; open plain HTTP when null.</param>
    /// <exception cref="ServerStartException">
    /// The server cannot listen: the port is in use, the address is not valid or not this machine's, or the
    /// port needs rights the process does not have. Thrown here, never later.
    /// </exception>
    internal static DiscoveryServer Start(
        DiscoveryMetrics metrics, string address, int port, TimeSpan? readyMaxAge = null, TargetSnapshots? targets = null, ServerAccess? access = null)
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
            throw new ServerStartException(address, port, "a port is a number from 1 to 65535");
        }

        var listen = ListenAddress.TryParse(address)
            ?? throw new ServerStartException(
                address,
                port,
                "that is not an IP address; give one of this machine's addresses, 127.0.0.1 (loopback, the default), 0.0.0.0 or * (every interface) or ::1");

        access ??= ServerAccess.Open;
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = new LoggingOnlyServices() };
        options.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadBytes;
        options.Limits.MaxRequestLineSize = MaxRequestHeadBytes;
        options.Limits.RequestHeadersTimeout = HeadersTimeout;
        options.Limits.MaxConcurrentConnections = MaxConnections;
        // Nothing here reads a body; a larger one than this is refused (413) rather than drained.
        options.Limits.MaxRequestBodySize = 64 * 1024;
        options.Listen(listen.Address, port, listenOptions =>
        {
            if (access.Certificate is { } certificate)
            {
                listenOptions.UseHttps(certificate);
            }
        });

        var server = NewKestrel(options);
        var routes = new ServerRoutes(metrics, readyMaxAge ?? TimeSpan.FromMinutes(1), targets, access);
        try
        {
            server.StartAsync(routes, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or SocketException or AddressInUseException or UnauthorizedAccessException)
        {
            server.Dispose();
            throw new ServerStartException(address, port, Describe(ex), (Exception?)FindSocketError(ex) ?? ex);
        }

        var bound = BoundPort(server) ?? port;
        return new DiscoveryServer(server, access.Certificate, listen.UrlFor(bound, ServerRoutes.MetricsPath, https: access.Certificate is not null));
    }

    /// <summary>Stops listening and ends the requests in progress; returns within a second.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // A cancelled stop aborts the connections still open instead of waiting for them to finish.
        using (var stop = new CancellationTokenSource(StopWait))
        {
            try
            {
                _server.StopAsync(stop.Token).Wait(StopWait + StopWait);
            }
            catch (AggregateException)
            {
                // Aborted connections end with errors nobody is left to hear.
            }
        }

        _server.Dispose();
        _certificate?.Dispose();
    }

    /// <summary>
    /// Kestrel 2.3 over sockets. Built by reflection because the constructors changed after 2.x (the transport lost its
    /// application lifetime; the server takes an IConnectionListenerFactory): the module always loads the 2.3 it ships,
    /// in its own load context, but a process that has the ASP.NET Core shared framework (the engine's tests, which host
    /// the AWS emulator) gets that framework's Kestrel instead, and this must start there too.
    /// </summary>
    private static KestrelServer NewKestrel(KestrelServerOptions options)
    {
        var socketOptions = Options.Create(new SocketTransportOptions());
        var transport = Construct(
            typeof(SocketTransportFactory),
            new object[] { socketOptions, new NoHostLifetime(), NullLoggerFactory.Instance },
            new object[] { socketOptions, NullLoggerFactory.Instance });
        return (KestrelServer)Construct(typeof(KestrelServer), new[] { Options.Create(options), transport, NullLoggerFactory.Instance });
    }

    private static object Construct(Type type, params object[][] argumentLists)
    {
        foreach (var arguments in argumentLists)
        {
            var constructor = type.GetConstructors().FirstOrDefault(c =>
            {
                var parameters = c.GetParameters();
                return parameters.Length == arguments.Length && parameters.Select((p, i) => p.ParameterType.IsInstanceOfType(arguments[i])).All(fits => fits);
            });
            if (constructor is not null)
            {
                return constructor.Invoke(arguments);
            }
        }

        throw new MissingMethodException(type.FullName, ".ctor");
    }

    private static int? BoundPort(KestrelServer server)
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return bound is not null && Uri.TryCreate(bound.Replace("[::]", "[::1]"), UriKind.Absolute, out var uri) ? uri.Port : null;
    }

    private static SocketException? FindSocketError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }

    private static string Describe(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AddressInUseException)
            {
                return DescribeCode(SocketError.AddressAlreadyInUse, inner.Message);
            }
        }

        return FindSocketError(ex) is { } socket ? DescribeCode(socket.SocketErrorCode, socket.Message) : ex.Message;
    }

    private static string DescribeCode(SocketError code, string message) => code switch
    {
        SocketError.AddressAlreadyInUse => "the port is already in use by another process (or another metrics server)",
        SocketError.AddressNotAvailable => "the address is not one of this machine's",
        SocketError.AccessDenied => "permission denied (ports below 1024 usually need elevated rights)",
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported => "this machine does not support that address family",
        _ => message,
    };

    /// <summary>What Kestrel's HTTPS adapter asks the application's services for: a logger factory, which logs nowhere.</summary>
    private sealed class LoggingOnlyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ILoggerFactory) ? NullLoggerFactory.Instance : null;
    }

    // The 2.x transport's lifetime only lets it ask the host to stop, and there is no host: nothing listens to it.
#pragma warning disable CS0618 // IApplicationLifetime is what the 2.x socket transport takes.
    private sealed class NoHostLifetime : IApplicationLifetime
#pragma warning restore CS0618
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
