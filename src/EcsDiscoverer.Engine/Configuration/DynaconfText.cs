using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// The TOML-like spelling dynaconf accepts in environment variables, as far as the seed's users relied on it:
/// quoted strings (<c>"/targets"</c>) and arrays (<c>["a", "b"]</c>). Escapes are not processed, so that a Windows
/// path in double quotes keeps its backslashes.
/// </summary>
internal static class DynaconfText
{
    /// <summary>Removes one pair of matching surrounding quotes, single or double.</summary>
    public static string Unquote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 2 && trimmed[0] is '"' or '\'' && trimmed[trimmed.Length - 1] == trimmed[0]
            ? trimmed.Substring(1, trimmed.Length - 2)
            : text;
    }

    /// <summary>
    /// The entries of a TOML array (<c>["a", "b"]</c>), unquoted and trimmed; null when the text is not bracketed.
    /// Entries are split on commas, which no cluster name or ARN contains.
    /// </summary>
    public static IReadOnlyList<string>? SplitArray(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[' || trimmed[trimmed.Length - 1] != ']')
        {
            return null;
        }

        var inner = trimmed.Substring(1, trimmed.Length - 2);
        if (inner.Trim().Length == 0)
        {
            return Array.Empty<string>();
        }

        var entries = new List<string>();
        foreach (var entry in inner.Split(','))
        {
            entries.Add(Unquote(entry.Trim()).Trim());
        }

        // TOML allows a trailing comma in an array.
        if (entries.Count > 1 && entries[entries.Count - 1].Length == 0 && inner.TrimEnd().EndsWith(",", StringComparison.Ordinal))
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return entries;
    }
}
