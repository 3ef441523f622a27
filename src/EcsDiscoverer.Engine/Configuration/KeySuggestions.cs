using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>"Did you mean": the known settings close to a key the settings file has and no setting answers to.</summary>
internal static class KeySuggestions
{
    private const int MaxSuggestions = 3;

    private const int ContainmentScore = 100;

    /// <summary>
    /// Up to three keys, closest first. Spelling is compared without case, underscores, dashes and a
    /// <c>DYNACONF_</c>/<c>PROMED_</c> prefix, so that <c>OutputDirectory</c>, <c>output-directory</c> and
    /// <c>DYNACONF_OUTPUT_DIRECTORY</c> all point at <c>OUTPUT_DIRECTORY</c>; a parameter name counts as a spelling
    /// of its key (<c>Path</c> suggests <c>OUTPUT_DIRECTORY</c>).
    /// </summary>
    public static IReadOnlyList<string> For(string unknownKey, IEnumerable<SettingDefinition> known) => Suggest(unknownKey, known, nearMissesOnly: false);

    /// <summary>
    /// As <see cref="For"/>, but only near-miss spellings (a few edits away), never a key that merely contains the
    /// typo or is contained in it: for the environment, where variables of other programs share the prefixes and
    /// only a likely typo is worth a warning.
    /// </summary>
    public static IReadOnlyList<string> NearMisses(string unknownKey, IEnumerable<SettingDefinition> known) => Suggest(unknownKey, known, nearMissesOnly: true);

    private static IReadOnlyList<string> Suggest(string unknownKey, IEnumerable<SettingDefinition> known, bool nearMissesOnly)
    {
        var typo = Normalize(StripPrefix(unknownKey.Trim()));
        if (typo.Length == 0)
        {
            return Array.Empty<string>();
        }

        var scored = new List<(string Key, int Score)>();
        foreach (var definition in known)
        {
            var score = Score(typo, Normalize(definition.Key));
            if (definition.ParameterName is not null)
            {
                score = Math.Min(score, Score(typo, Normalize(definition.ParameterName)));
            }

            if (score < int.MaxValue)
            {
                scored.Add((definition.Key, score));
            }
        }

        // A near-miss spelling says more than a containment match, so containment only speaks when nothing is close.
        var close = scored.Where(s => s.Score < ContainmentScore).ToList();
        return (close.Count > 0 || nearMissesOnly ? close : scored)
            .OrderBy(s => s.Score)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(s => s.Key)
            .ToList();
    }

    /// <summary>The edit distance between two strings (insertions, deletions, substitutions).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // Lower is closer; int.MaxValue means "not close". A containment match ranks after small typos.
    private static int Score(string typo, string candidate)
    {
        var distance = Distance(typo, candidate);
        if (distance <= Math.Max(1, Math.Min(3, typo.Length / 3)))
        {
            return distance;
        }

        var contains = typo.Length >= 4 && (candidate.Contains(typo) || typo.Contains(candidate));
        return contains ? ContainmentScore + distance : int.MaxValue;
    }

    private static string StripPrefix(string key)
    {
        foreach (var prefix in SettingsResolver.EnvironmentPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return key.Substring(prefix.Length);
            }
        }

        return key;
    }

    private static string Normalize(string key) =>
        new(key.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToUpperInvariant).ToArray());
}
