using System;
using EcsDiscoverer.Engine.Serving;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>Where the self-metrics go: the loop's HTTP server and a file for node_exporter's textfile collector.</summary>
public sealed class MetricsSettings
{
    /// <summary>How <see cref="ReadyMaxAge"/> reads when unset: derived from the interval.</summary>
    public const string ReadyMaxAgeDefaultText = "(3 intervals, at least 1m)";

    private static readonly TimeSpan MinimumDefaultReadyMaxAge = TimeSpan.FromMinutes(1);

    /// <summary><c>PROMETHEUS_START_HTTP_SERVER</c>: the loop serves <c>/metrics</c>. Default true.</summary>
    public bool StartServer { get; set; } = true;

    /// <summary><c>PROMETHEUS_SERVER_PORT</c>. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary><c>PROMETHEUS_SERVER_ADDRESS</c>: the address the server listens on. Default 127.0.0.1 (loopback only).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Who may read the server's targets and metrics, and its TLS certificate: the <c>SERVER_*</c> settings.</summary>
    public ServerAccessSettings Access { get; set; } = new();

    /// <summary><c>METRICS_FILE</c>: a file the metrics are written to after each round.</summary>
    public string? File { get; set; }

    /// <summary>
    /// <c>READY_MAX_AGE</c>: <c>/-/ready</c> answers 200 while the last successful round ended at most this long ago.
    /// Null: three intervals, at least a minute (see <see cref="ReadyMaxAgeFor"/>).
    /// </summary>
    public TimeSpan? ReadyMaxAge { get; set; }

    /// <summary>The readiness age for a loop of this <paramref name="interval"/>: <see cref="ReadyMaxAge"/> when set.</summary>
    public TimeSpan ReadyMaxAgeFor(TimeSpan interval)
    {
        if (ReadyMaxAge is { } age)
        {
            return age;
        }

        var threeIntervals = TimeSpan.FromTicks(interval.Ticks * 3);
        return threeIntervals > MinimumDefaultReadyMaxAge ? threeIntervals : MinimumDefaultReadyMaxAge;
    }
}
