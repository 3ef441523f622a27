using System;
using System.Globalization;
using System.Linq;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>Reads one sample out of Prometheus's own text exposition (<c>/metrics</c>).</summary>
public static class PrometheusMetricsText
{
    /// <summary>The value of the unlabelled sample <paramref name="name"/>, or null when the text has none.</summary>
    public static double? Value(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(name.Length + 1)..].Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
