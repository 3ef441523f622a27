using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// The prometheus.yml of the tests: one scrape job per output file, named after the file
/// (<c>tasks</c>, <c>15s-tasks</c>, ...), reading it through <c>file_sd_configs</c>, as the README tells users
/// to configure it, and without relabel rules, so what Prometheus shows is what the files say.
/// </summary>
public static class PrometheusConfig
{
    /// <summary>How often file_sd re-reads the files besides its inotify watch: short, so every version gets read.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>The five files the module writes (R6 output).</summary>
    public static IReadOnlyList<string> OutputFiles { get; } = OutputFileNames.Default.All.ToArray();

    /// <summary>The scrape pool (job_name) that reads <paramref name="fileName"/>: the name without <c>.json</c>.</summary>
    public static string JobName(string fileName) =>
        fileName.EndsWith(".json", StringComparison.Ordinal) ? fileName[..^".json".Length] : fileName;

    /// <summary>The scrape interval of the file's job, as the README's example sets it; the global 1m otherwise.</summary>
    public static string ScrapeInterval(string fileName)
    {
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && ScrapeIntervals.TryParse(fileName[..dash], out var interval) ? ScrapeIntervals.Name(interval) : "1m";
    }

    /// <summary>The configuration text for the files <paramref name="fileNames"/> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory the files are in (need not exist yet: file_sd reads what matches).</param>
    /// <param name="fileNames">File names, one job each; <see cref="OutputFiles"/> when null.</param>
    /// <param name="scrapeProxy">
    /// Where scrapes go. The targets are the private addresses of an emulated account, which Prometheus must not
    /// connect to from a test machine; a closed loopback port as the proxy makes each scrape fail at once, locally.
    /// </param>
    public static string Render(string directory, IReadOnlyList<string>? fileNames, Uri scrapeProxy)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(scrapeProxy);
        var text = new StringBuilder();
        text.Append("global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\nscrape_configs:\n");
        foreach (var file in fileNames ?? OutputFiles)
        {
            text.Append("  - job_name: ").Append(Quote(JobName(file))).Append('\n')
                .Append("    scrape_interval: ").Append(ScrapeInterval(file)).Append('\n')
                .Append("    scrape_timeout: 5s\n")
                .Append("    proxy_url: ").Append(Quote(scrapeProxy.ToString())).Append('\n')
                .Append("    file_sd_configs:\n")
                .Append("      - files: [").Append(Quote(Path.Combine(directory, file))).Append("]\n")
                .Append("        refresh_interval: ").Append((int)RefreshInterval.TotalSeconds).Append("s\n");
        }

        return text.ToString();
    }

    // YAML single-quoted scalar: only the quote itself needs escaping, by doubling.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
