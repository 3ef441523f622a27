using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>
/// The file_sd file of each scrape interval (Output): <c>FILENAME_GENERIC</c>, <c>FILENAME_15S</c>, <c>FILENAME_30S</c>,
/// <c>FILENAME_1M</c>, <c>FILENAME_5M</c>, the seed's settings, with the seed's defaults. Immutable: <see cref="With"/>
/// gives a copy with one name changed. Every place that names, writes or reads the files asks this object.
/// </summary>
public sealed class OutputFileNames
{
    private readonly Dictionary<ScrapeInterval, string> _names;

    private OutputFileNames(Dictionary<ScrapeInterval, string> names) => _names = names;

    /// <summary>The seed's names: <c>tasks.json</c>, <c>15s-tasks.json</c>, <c>30s-tasks.json</c>, <c>1m-tasks.json</c>, <c>5m-tasks.json</c>.</summary>
    public static OutputFileNames Default { get; } = new(ScrapeIntervals.All.ToDictionary(
        i => i,
        i => i == ScrapeInterval.Generic ? "tasks.json" : ScrapeIntervals.Name(i) + "-tasks.json"));

    /// <summary>Every file name, in output order (<see cref="ScrapeIntervals.All"/>).</summary>
    public IReadOnlyList<string> All => ScrapeIntervals.All.Select(Of).ToList();

    /// <summary>The file of <paramref name="interval"/>.</summary>
    public string Of(ScrapeInterval interval) => _names.TryGetValue(interval, out var name) ? name : _names[ScrapeInterval.Generic];

    /// <summary>A copy with the file of <paramref name="interval"/> named <paramref name="fileName"/>.</summary>
    public OutputFileNames With(ScrapeInterval interval, string fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            throw new ArgumentException("A file name is needed.", nameof(fileName));
        }

        return new OutputFileNames(new Dictionary<ScrapeInterval, string>(_names) { [interval] = fileName });
    }

    /// <summary>The setting that names the file of <paramref name="interval"/>: <c>FILENAME_15S</c>, ..., <c>FILENAME_GENERIC</c>.</summary>
    public static string SettingKey(ScrapeInterval interval) => "FILENAME_" + ScrapeIntervals.Name(interval).ToUpperInvariant();

    /// <summary>Whether every interval has the same file name (ordinal).</summary>
    public bool SameAs(OutputFileNames? other) =>
        other is not null && ScrapeIntervals.All.All(i => string.Equals(Of(i), other.Of(i), StringComparison.Ordinal));

    /// <summary>The names, for messages: <c>tasks.json, 15s-tasks.json, ...</c>.</summary>
    public override string ToString() => string.Join(", ", All);
}
