using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace EcsDiscoverer.Engine.Tests.Telemetry;

/// <summary>One sample line: <c>name{labels} value</c>.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, enough to check what the engine exports:
/// HELP and TYPE lines, samples with escaped label values, and that every sample belongs to a declared family.
/// Throws <see cref="FormatException"/> on anything Prometheus would reject.
/// </summary>
internal sealed class PrometheusText
{
    private static readonly Regex MetricName = new("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
    private static readonly Regex LabelName = new("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static readonly string[] HistogramSuffixes = { "_bucket", "_sum", "_count" };

    private PrometheusText(Dictionary<string, string> help, Dictionary<string, string> types, List<PrometheusSample> samples)
    {
        Help = help;
        Types = types;
        Samples = samples;
    }

    /// <summary>HELP text per family.</summary>
    public IReadOnlyDictionary<string, string> Help { get; }

    /// <summary>TYPE per family: counter, gauge, histogram, summary, untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Every sample, in order.</summary>
    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.EndsWith('\r'))
            {
                throw new FormatException($"line {lineNumber}: CR in line ending");
            }

            if (line.StartsWith('#'))
            {
                ParseComment(line, lineNumber, help, types);
                continue;
            }

            var sample = ParseSample(line, lineNumber);
            if (FamilyOf(sample.Name, types) is null)
            {
                throw new FormatException($"line {lineNumber}: sample {sample.Name} before any TYPE of its family");
            }

            samples.Add(sample);
        }

        return new PrometheusText(help, types, samples);
    }

    /// <summary>The value of the sample with exactly these labels (<c>"name=value"</c> pairs), or null.</summary>
    public double? Find(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var match = Samples.Where(s => s.Name == name && SameLabels(s.Labels, wanted)).ToList();
        return match.Count switch
        {
            0 => null,
            1 => match[0].Value,
            _ => throw new InvalidOperationException($"{name} has {match.Count} samples with the labels {string.Join(",", labels)}"),
        };
    }

    /// <summary>The value of the sample with exactly these labels; fails the test when there is none.</summary>
    public double Value(string name, params string[] labels) =>
        Find(name, labels) ?? throw new Xunit.Sdk.XunitException($"no sample {name}{{{string.Join(",", labels)}}} in the exposition");

    /// <summary>The samples of a metric name, whatever their labels.</summary>
    public IReadOnlyList<PrometheusSample> All(string name) => Samples.Where(s => s.Name == name).ToList();

    private static bool SameLabels(IReadOnlyDictionary<string, string> actual, Dictionary<string, string> wanted) =>
        actual.Count == wanted.Count && wanted.All(w => actual.TryGetValue(w.Key, out var v) && v == w.Value);

    private static string? FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in HistogramSuffixes)
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var family = sampleName.Substring(0, sampleName.Length - suffix.Length);
                if (types.TryGetValue(family, out var type) && type is "histogram" or "summary")
                {
                    return family;
                }
            }
        }

        return null;
    }

    private static void ParseComment(string line, int lineNumber, Dictionary<string, string> help, Dictionary<string, string> types)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
        {
            return; // An ordinary comment.
        }

        var name = parts[2];
        if (!MetricName.IsMatch(name))
        {
            throw new FormatException($"line {lineNumber}: bad metric name '{name}'");
        }

        var rest = parts.Length == 4 ? parts[3] : "";
        if (parts[1] == "HELP")
        {
            if (!help.TryAdd(name, UnescapeHelp(rest, lineNumber)))
            {
                throw new FormatException($"line {lineNumber}: second HELP for {name}");
            }
        }
        else
        {
            if (rest is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
            {
                throw new FormatException($"line {lineNumber}: bad TYPE '{rest}'");
            }

            if (!types.TryAdd(name, rest))
            {
                throw new FormatException($"line {lineNumber}: second TYPE for {name}");
            }
        }
    }

    private static PrometheusSample ParseSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line.Substring(0, i);
        if (!MetricName.IsMatch(name))
        {
            throw new FormatException($"line {lineNumber}: bad metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new FormatException($"line {lineNumber}: unterminated label set");
                }

                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    throw new FormatException($"line {lineNumber}: expected label=\"value\"");
                }

                var labelName = line.Substring(i, eq - i);
                if (!LabelName.IsMatch(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new FormatException($"line {lineNumber}: bad label name '{labelName}'");
                }

                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        if (j >= line.Length)
                        {
                            throw new FormatException($"line {lineNumber}: dangling escape");
                        }

                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"line {lineNumber}: bad escape \\{line[j]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (j >= line.Length)
                {
                    throw new FormatException($"line {lineNumber}: unterminated label value");
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"line {lineNumber}: label {labelName} twice");
                }

                i = j + 1;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException($"line {lineNumber}: expected , or }} after a label");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"line {lineNumber}: expected a space before the value");
        }

        var fields = line.Substring(i + 1).Split(' ');
        if (fields.Length is < 1 or > 2)
        {
            throw new FormatException($"line {lineNumber}: expected a value and an optional timestamp");
        }

        return new PrometheusSample(name, labels, ParseValue(fields[0], lineNumber));
    }

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: bad value '{text}'"),
    };

    // HELP text escapes only backslash and line feed.
    private static string UnescapeHelp(string text, int lineNumber)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            i++;
            result.Append(i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"line {lineNumber}: bad escape in HELP"),
            } : throw new FormatException($"line {lineNumber}: dangling escape in HELP"));
        }

        return result.ToString();
    }
}
