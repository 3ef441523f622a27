using System;
using System.Text;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R9: turns the suffix of <c>PROMETHEUS_LABEL_&lt;name&gt;</c> into a valid Prometheus label name.</summary>
public static class LabelNameRule
{
    /// <summary>
    /// Lower-cases, replaces characters outside <c>[a-z0-9_]</c> with <c>_</c>, prefixes a leading digit with
    /// <c>_</c>. Returns null (drop the label) for an empty name or one starting with <c>__</c>, which
    /// Prometheus reserves.
    /// </summary>
    public static string? Sanitize(string? rawName) => Sanitize(rawName, keepCase: false);

    /// <summary>
    /// As <see cref="Sanitize(string?)"/>; with <paramref name="keepCase"/> the case stays, as PromED 3.x keeps it for
    /// docker labels (R9.2, R9.3: <c>com.example.Team</c> becomes <c>com_example_Team</c>).
    /// </summary>
    public static string? Sanitize(string? rawName, bool keepCase)
    {
        if (string.IsNullOrEmpty(rawName))
        {
            return null;
        }

        var builder = new StringBuilder(rawName!.Length + 1);
        foreach (var c in keepCase ? rawName : rawName.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (builder[0] is >= '0' and <= '9')
        {
            builder.Insert(0, '_');
        }

        var name = builder.ToString();
        return name.StartsWith("__", StringComparison.Ordinal) ? null : name;
    }

    /// <summary>Whether a string is a valid Prometheus label name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name![0] is >= '0' and <= '9')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
