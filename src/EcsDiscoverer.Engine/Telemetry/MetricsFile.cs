using System;
using System.Text;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>
/// Writes <see cref="DiscoveryMetrics"/> to a file, for hosts where Prometheus cannot scrape the process but
/// node_exporter runs: its textfile collector (<c>--collector.textfile.directory</c>) reads the <c>*.prom</c> files
/// of a directory, so the file name should end in <c>.prom</c>.
/// </summary>
internal static class MetricsFile
{
    /// <summary>
    /// Writes the metrics to <paramref name="path"/> in the Prometheus text format, atomically: the collector never
    /// reads a half-written file (<see cref="AtomicFileWriter"/>). The file is 0644 whatever the umask, so that
    /// node_exporter can read it as another user.
    /// </summary>
    /// <exception cref="System.IO.IOException">The directory is missing, full or not writable.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file is not writable.</exception>
    public static void Write(DiscoveryMetrics metrics, string path)
    {
        if (metrics is null)
        {
            throw new ArgumentNullException(nameof(metrics));
        }

        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        AtomicFileWriter.Write(path, Encoding.UTF8.GetBytes(metrics.ToText()), FileModes.Shared);
    }
}
