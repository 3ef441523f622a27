using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R6: parses <c>PROMETHEUS_ENDPOINT</c>, a comma-separated list of <c>[interval:]path</c>.</summary>
internal static class EndpointRule
{
    /// <summary>The fallback metrics path when none is given.</summary>
    public const string DefaultMetricsPath = "/metrics";

    /// <summary>Parses the value; never throws.</summary>
    /// <param name="value">The variable's value, or null when unset.</param>
    /// <param name="fallbackPath">The path used when the value is unset or empty (default <c>/metrics</c>).</param>
    /// <param name="defaultInterval">
    /// Where entries without an interval, or with an unknown one, go (<c>DEFAULT_INTERVAL</c>, prometheus-ecs-sd's
    /// <c>--default-scrape-interval-prefix</c>); generic unless set.
    /// </param>
    public static EndpointParseResult Parse(string? value, string fallbackPath = DefaultMetricsPath, ScrapeInterval defaultInterval = ScrapeInterval.Generic)
    {
        var fallback = NormalizePath(string.IsNullOrWhiteSpace(fallbackPath) ? DefaultMetricsPath : fallbackPath.Trim());
        var endpoints = new List<ScrapeEndpoint>();
        var warnings = new List<string>();
        var seen = new HashSet<ScrapeEndpoint>();

        foreach (var rawEntry in (value ?? "").Split(','))
        {
            var entry = rawEntry.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            var endpoint = ParseEntry(entry, fallback, defaultInterval, warnings);
            if (seen.Add(endpoint))
            {
                endpoints.Add(endpoint);
            }
        }

        if (endpoints.Count == 0)
        {
            endpoints.Add(new ScrapeEndpoint(defaultInterval, fallback));
        }

        return new EndpointParseResult(endpoints, warnings);
    }

    private static ScrapeEndpoint ParseEntry(string entry, string fallback, ScrapeInterval defaultInterval, List<string> warnings)
    {
        // A colon only introduces an interval when what stands before it is not a path:
        // "/a:b" is a path, "30s:/a" and "10m:/a" carry an interval.
        var colon = entry.IndexOf(':');
        if (colon < 0 || entry[0] == '/')
        {
            return new ScrapeEndpoint(defaultInterval, NormalizePath(entry));
        }

        var intervalText = entry.Substring(0, colon).Trim();
        var pathText = entry.Substring(colon + 1).Trim();
        var path = pathText.Length == 0 ? fallback : NormalizePath(pathText);
        if (!ScrapeIntervals.TryParse(intervalText, out var interval) || interval == ScrapeInterval.Generic)
        {
            warnings.Add($"unknown scrape interval '{intervalText}' in PROMETHEUS_ENDPOINT entry '{entry}'; using the {ScrapeIntervals.Name(defaultInterval)} interval (known: 15s, 30s, 1m, 5m)");
            interval = defaultInterval;
        }

        return new ScrapeEndpoint(interval, path);
    }

    private static string NormalizePath(string path) =>
        path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path;
}
