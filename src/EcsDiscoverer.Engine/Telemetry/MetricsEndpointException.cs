using System;
using System.Globalization;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>
/// The metrics endpoint could not listen: the port is taken, the address is not one of this machine's or not an
/// address at all, or the process may not bind the port. The message says how to get going again.
/// </summary>
public sealed class MetricsEndpointException : Exception
{
    /// <summary>Creates the exception for <paramref name="address"/>:<paramref name="port"/>; <paramref name="problem"/> says what went wrong.</summary>
    public MetricsEndpointException(string address, int port, string problem, Exception? innerException = null)
        : base(FormatMessage(address, port, problem), innerException)
    {
        Address = address;
        Port = port;
    }

    /// <summary>Creates the exception with a message.</summary>
    public MetricsEndpointException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public MetricsEndpointException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Address = "";
    }

    /// <summary>Creates the exception.</summary>
    public MetricsEndpointException()
        : this("The metrics endpoint could not listen.")
    {
    }

    /// <summary>The address the endpoint was to listen on, as given.</summary>
    public string Address { get; }

    /// <summary>The port the endpoint was to listen on.</summary>
    public int Port { get; }

    private static string FormatMessage(string address, int port, string problem) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "The metrics endpoint cannot listen on {0} port {1}: {2}. Choose another port with -MetricsPort or "
                + "PROMETHEUS_SERVER_PORT (or another address with PROMETHEUS_SERVER_ADDRESS), or turn the metrics server off "
                + "with -NoMetricsServer or PROMETHEUS_START_HTTP_SERVER=false.",
            address,
            port,
            problem);
}
