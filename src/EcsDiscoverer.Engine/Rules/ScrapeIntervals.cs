using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>Names of the <see cref="ScrapeInterval"/> values; their files are <see cref="Output.OutputFileNames"/>.</summary>
public static class ScrapeIntervals
{
    /// <summary>Every interval, in output order.</summary>
    public static IReadOnlyList<ScrapeInterval> All { get; } = new[]
    {
        ScrapeInterval.Generic, ScrapeInterval.Seconds15, ScrapeInterval.Seconds30, ScrapeInterval.Minute1, ScrapeInterval.Minutes5,
    };

    /// <summary>The name users write: <c>generic</c>, <c>15s</c>, <c>30s</c>, <c>1m</c>, <c>5m</c>.</summary>
    public static string Name(ScrapeInterval interval) => interval switch
    {
        ScrapeInterval.Seconds15 => "15s",
        ScrapeInterval.Seconds30 => "30s",
        ScrapeInterval.Minute1 => "1m",
        ScrapeInterval.Minutes5 => "5m",
        _ => "generic",
    };

    /// <summary>Parses an interval of a <c>PROMETHEUS_ENDPOINT</c> entry; exact names only (R6).</summary>
    public static bool TryParse(string? text, out ScrapeInterval interval)
    {
        switch (text)
        {
            case "15s":
                interval = ScrapeInterval.Seconds15;
                return true;
            case "30s":
                interval = ScrapeInterval.Seconds30;
                return true;
            case "1m":
                interval = ScrapeInterval.Minute1;
                return true;
            case "5m":
                interval = ScrapeInterval.Minutes5;
                return true;
            default:
                interval = ScrapeInterval.Generic;
                return string.Equals(text, "generic", StringComparison.OrdinalIgnoreCase);
        }
    }
}
