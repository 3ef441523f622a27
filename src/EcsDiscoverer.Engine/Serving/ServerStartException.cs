using System;
using System.Globalization;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// The loop's HTTP server could not start: the port is taken, the address is not one of this machine's or not an
/// address at all, the process may not bind the port, or a secret or certificate file it was told to use cannot be
/// read. The message says how to get going again; it never holds a secret.
/// </summary>
public sealed class ServerStartException : Exception
{
    /// <summary>Creates the exception for <paramref name="address"/>:<paramref name="port"/>; <paramref name="problem"/> says what went wrong.</summary>
    public ServerStartException(string address, int port, string problem, Exception? innerException = null)
        : base(FormatMessage(address, port, problem), innerException)
    {
        Address = address;
        Port = port;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ServerStartException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ServerStartException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Address = "";
    }

    /// <summary>Creates the exception.</summary>
    public ServerStartException()
        : this("The HTTP server could not start.")
    {
    }

    /// <summary>The address the server was to listen on, as given; empty when the problem is not the address.</summary>
    public string Address { get; }

    /// <summary>The port the server was to listen on.</summary>
    public int Port { get; }

    private static string FormatMessage(string address, int port, string problem) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "The HTTP server (metrics and targets) cannot listen on {0} port {1}: {2}. Choose another port with -MetricsPort or "
                + "PROMETHEUS_SERVER_PORT (or another address with PROMETHEUS_SERVER_ADDRESS), or turn the server off "
                + "with -NoMetricsServer or PROMETHEUS_START_HTTP_SERVER=false.",
            address,
            port,
            problem);
}
