using System;
using EcsDiscoverer.Engine.Rounds;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>Records each round in the self-metrics and, when asked, writes them to a file for node_exporter.</summary>
internal sealed class MetricsRoundRecorder : IRoundRecorder
{
    private readonly DiscoveryMetrics _metrics;
    private readonly string? _metricsFile;

    /// <summary>Creates a recorder; <paramref name="metricsFile"/> may be null.</summary>
    public MetricsRoundRecorder(DiscoveryMetrics metrics, string? metricsFile)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _metricsFile = string.IsNullOrEmpty(metricsFile) ? null : metricsFile;
    }

    /// <inheritdoc />
    /// <exception cref="System.IO.IOException">The metrics file could not be written.</exception>
    public void Record(RoundReport report)
    {
        _metrics.RecordRound(report);
        if (_metricsFile is not null)
        {
            MetricsFile.Write(_metrics, _metricsFile);
        }
    }
}
