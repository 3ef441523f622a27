using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>The answer of <c>/api/v1/targets</c>: active and dropped targets.</summary>
public sealed class PrometheusTargets
{
    public PrometheusTargets(IReadOnlyList<PrometheusTarget> active, IReadOnlyList<IReadOnlyDictionary<string, string>> dropped)
    {
        Active = active;
        Dropped = dropped;
    }

    /// <summary>The targets Prometheus scrapes.</summary>
    public IReadOnlyList<PrometheusTarget> Active { get; }

    /// <summary>The discovered labels of each target that relabeling dropped; with no relabel rules, none should be.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Dropped { get; }

    /// <summary>The sorted target keys per scrape pool; pools without targets are absent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> KeysByPool() => KeysByPool(Active);

    /// <summary>The sorted keys of <paramref name="targets"/> per scrape pool.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> KeysByPool(IEnumerable<PrometheusTarget> targets) =>
        targets.GroupBy(t => t.ScrapePool, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)g.Select(t => t.Key).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);

    /// <summary>Parses the JSON of <c>/api/v1/targets</c>.</summary>
    /// <exception cref="FormatException">It is not a successful targets answer.</exception>
    public static PrometheusTargets Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("status", out var status) || status.GetString() != "success" || !root.TryGetProperty("data", out var data))
        {
            throw new FormatException("Prometheus did not answer /api/v1/targets with success: " + json);
        }

        var active = new List<PrometheusTarget>();
        foreach (var target in Array(data, "activeTargets"))
        {
            active.Add(new PrometheusTarget(
                target.GetProperty("scrapePool").GetString() ?? "",
                target.GetProperty("scrapeUrl").GetString() ?? "",
                Labels(target, "labels"),
                Labels(target, "discoveredLabels")));
        }

        var dropped = Array(data, "droppedTargets").Select(t => (IReadOnlyDictionary<string, string>)Labels(t, "discoveredLabels")).ToList();
        return new PrometheusTargets(active, dropped);
    }

    private static IEnumerable<JsonElement> Array(JsonElement data, string name) =>
        data.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : Enumerable.Empty<JsonElement>();

    private static SortedDictionary<string, string> Labels(JsonElement target, string name)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (target.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in element.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return labels;
    }
}
