using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>What Prometheus wrote to stderr (logfmt), kept for assertions and for failure messages.</summary>
public sealed class PrometheusLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    /// <summary>Lines in which file_sd reports a problem: a file it could not read or parse, or a watch that failed.</summary>
    public IReadOnlyList<string> FileSdErrors => Lines.Where(IsFileSdError).ToList();

    /// <summary>Lines in which the scrape manager refused a discovered target (no address, bad labels).</summary>
    public IReadOnlyList<string> TargetErrors => Lines.Where(IsTargetError).ToList();

    public void Add(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            _lines.Enqueue(line);
        }
    }

    /// <summary>The last lines, for a failure message.</summary>
    public string Tail(int count = 20) => string.Join("\n", Lines.TakeLast(count));

    /// <summary>True for a warning or error of the file discovery (<c>discovery=file</c>, Prometheus 2.x logfmt).</summary>
    public static bool IsFileSdError(string line) =>
        line.Contains("discovery=file", StringComparison.Ordinal) && IsWarningOrError(line);

    /// <summary>True for "Creating target failed" and other target errors of the scrape manager.</summary>
    public static bool IsTargetError(string line) =>
        line.Contains("target failed", StringComparison.OrdinalIgnoreCase) && IsWarningOrError(line);

    private static bool IsWarningOrError(string line) =>
        line.Contains("level=error", StringComparison.Ordinal) || line.Contains("level=warn", StringComparison.Ordinal);
}
