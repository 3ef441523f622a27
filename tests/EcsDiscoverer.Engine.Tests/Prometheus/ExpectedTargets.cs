using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// The targets a file_sd file should give in Prometheus without relabel rules, by Prometheus's documented
/// semantics rather than by our renderer's code: each group's targets with its labels, the URL from
/// <c>__scheme__</c> (http), <c>__address__</c> and <c>__metrics_path__</c> (<c>/metrics</c>), the <c>__</c> labels
/// and labels with empty values gone (Prometheus's "empty is absent"), <c>job</c> defaulting to the job name and <c>instance</c> to the address.
/// </summary>
public static class ExpectedTargets
{
    /// <summary>The expected targets of every listed file in <paramref name="directory"/>; a missing file gives none.</summary>
    /// <exception cref="JsonException">A file is not valid file_sd JSON.</exception>
    public static IReadOnlyList<PrometheusTarget> FromDirectory(string directory, IReadOnlyList<string>? fileNames = null) =>
        (fileNames ?? PrometheusConfig.OutputFiles)
            .Where(file => File.Exists(Path.Combine(directory, file)))
            .SelectMany(file => FromFile(PrometheusConfig.JobName(file), File.ReadAllBytes(Path.Combine(directory, file))))
            .ToList();

    /// <summary>The expected targets of one file's content, read by the job <paramref name="scrapePool"/>.</summary>
    /// <exception cref="JsonException">The content is not valid file_sd JSON.</exception>
    public static IReadOnlyList<PrometheusTarget> FromFile(string scrapePool, byte[] content)
    {
        var targets = new List<PrometheusTarget>();
        using var document = JsonDocument.Parse(content);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A file_sd file is a JSON array of target groups.");
        }

        foreach (var group in document.RootElement.EnumerateArray())
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (group.TryGetProperty("labels", out var labelElement) && labelElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in labelElement.EnumerateObject())
                {
                    labels[label.Name] = label.Value.GetString() ?? "";
                }
            }

            foreach (var address in group.GetProperty("targets").EnumerateArray().Select(t => t.GetString() ?? ""))
            {
                targets.Add(Target(scrapePool, address, labels));
            }
        }

        return targets;
    }

    private static PrometheusTarget Target(string scrapePool, string address, IReadOnlyDictionary<string, string> groupLabels)
    {
        // Prometheus treats an empty label value as no label at all, in the discovered labels too.
        var discovered = new SortedDictionary<string, string>(groupLabels.Where(l => l.Value.Length > 0).ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal)
        {
            ["__address__"] = address,
        };
        var scheme = Value(groupLabels, "__scheme__") ?? "http";
        var path = Value(groupLabels, "__metrics_path__") ?? "/metrics";

        var final = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in groupLabels.Where(l => !l.Key.StartsWith("__", StringComparison.Ordinal) && l.Value.Length > 0))
        {
            final[label.Key] = label.Value;
        }

        final.TryAdd("job", scrapePool);
        final.TryAdd("instance", address);
        return new PrometheusTarget(scrapePool, scheme + "://" + address + path, final, discovered);
    }

    private static string? Value(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
