namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>Where the self-metrics go: the loop's HTTP server and a file for node_exporter's textfile collector.</summary>
public sealed class MetricsSettings
{
    /// <summary><c>PROMETHEUS_START_HTTP_SERVER</c>: the loop serves <c>/metrics</c>. Default true.</summary>
    public bool StartServer { get; set; } = true;

    /// <summary><c>PROMETHEUS_SERVER_PORT</c>. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary><c>PROMETHEUS_SERVER_ADDRESS</c>: the address the server listens on. Default 127.0.0.1 (loopback only).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary><c>METRICS_FILE</c>: a file the metrics are written to after each round.</summary>
    public string? File { get; set; }
}
