using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>One target as Prometheus's <c>/api/v1/targets</c> shows it, or as a file_sd group should produce it.</summary>
public sealed class PrometheusTarget
{
    public PrometheusTarget(string scrapePool, string scrapeUrl, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> discoveredLabels)
    {
        ScrapePool = scrapePool;
        ScrapeUrl = scrapeUrl;
        Labels = labels;
        DiscoveredLabels = discoveredLabels;
    }

    /// <summary>The job_name of the scrape config: which file the target came from.</summary>
    public string ScrapePool { get; }

    /// <summary>The URL Prometheus scrapes: scheme, <c>__address__</c> and <c>__metrics_path__</c>.</summary>
    public string ScrapeUrl { get; }

    /// <summary>The labels after relabeling (the <c>__</c> labels gone, <c>instance</c> and <c>job</c> defaulted).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The labels as discovered: the file's group labels plus <c>__address__</c> and what Prometheus adds.</summary>
    public IReadOnlyDictionary<string, string> DiscoveredLabels { get; }

    /// <summary>The <c>instance</c> label.</summary>
    public string Instance => Labels.TryGetValue("instance", out var instance) ? instance : "";

    /// <summary>The path part of <see cref="ScrapeUrl"/>, unescaped.</summary>
    public string ScrapePath => Uri.TryCreate(ScrapeUrl, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : "";

    /// <summary>
    /// What makes two targets the same for these tests: pool, URL and final labels. Go and .NET escape URLs
    /// differently, so the URL is compared unescaped.
    /// </summary>
    public string Key =>
        ScrapePool + " " + Uri.UnescapeDataString(ScrapeUrl) + " {" +
        string.Join(", ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=\"" + l.Value + "\"")) + "}";

    public override string ToString() => Key;
}
