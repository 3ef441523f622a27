using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// Merges the four sources of settings: parameters, then the settings file, then <c>PROMED_*</c> and
/// <c>DYNACONF_*</c> environment variables, then the defaults. Only the value that wins is checked, and a bad
/// one stops the loop before it starts, with a message that says where the value came from.
/// </summary>
public static class SettingsResolver
{
    /// <summary>The environment prefixes, highest precedence first: the seed documents both, dynaconf reads the second.</summary>
    internal static readonly string[] EnvironmentPrefixes = { "PROMED_", "DYNACONF_" };

    /// <summary>Resolves the settings.</summary>
    /// <param name="parameters">Bound cmdlet parameters, keyed by setting key (<c>INTERVAL</c>), with typed values; null values count as not given.</param>
    /// <param name="file">The settings file, or null when there is none.</param>
    /// <param name="environment">The process environment (see <see cref="ReadEnvironment()"/>).</param>
    /// <returns>The settings, with where each came from and the warnings to show.</returns>
    /// <exception cref="SettingsException">A value is bad, the file has an unknown key, or OUTPUT_DIRECTORY is missing.</exception>
    /// <exception cref="ArgumentException">A parameter key is not a setting that has a parameter (a programming error).</exception>
    public static ResolvedSettings Resolve(
        IReadOnlyDictionary<string, object?> parameters,
        SettingsFile? file,
        IReadOnlyDictionary<string, string> environment) =>
        ResolveSources(parameters, file, environment, requireOutputDirectory: true);

    /// <summary>
    /// Resolves the settings of a one-off run (Get-EcsPrometheusTarget, Export-EcsFileSd): its parameters over the
    /// defaults. One-off runs read no settings file and no environment, so a cron job does exactly what its command line says.
    /// </summary>
    /// <exception cref="SettingsException">A value is bad.</exception>
    public static ResolvedSettings ResolveParameters(IReadOnlyDictionary<string, object?> parameters) =>
        ResolveSources(parameters, null, new Dictionary<string, string>(), requireOutputDirectory: false);

    private static ResolvedSettings ResolveSources(
        IReadOnlyDictionary<string, object?> parameters,
        SettingsFile? file,
        IReadOnlyDictionary<string, string> environment,
        bool requireOutputDirectory)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        if (environment is null)
        {
            throw new ArgumentNullException(nameof(environment));
        }

        var warnings = new List<string>();
        var fromParameters = ReadParameters(parameters);
        var fromFile = file is null ? new Dictionary<SettingDefinition, Candidate>() : ReadFile(file, warnings);
        var fromEnvironment = CollectEnvironment(environment, warnings);

        var settings = new DiscoverySettings();
        var origins = new Dictionary<string, SettingOrigin>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in SettingDefinitions.All)
        {
            var candidate = Pick(definition, fromParameters, fromFile, fromEnvironment, warnings);
            if (candidate is null)
            {
                origins[definition.Key] = SettingOrigin.Default;
                continue;
            }

            definition.Write(settings, Convert(definition, candidate, file));
            origins[definition.Key] = candidate.Origin;
        }

        CheckLabelNamesDiffer(settings, origins);
        CheckFileNamesDiffer(settings, origins);
        if (requireOutputDirectory && settings.OutputDirectory is null)
        {
            throw new SettingsException(
                "OUTPUT_DIRECTORY",
                null,
                "OUTPUT_DIRECTORY is not set: give the directory the file_sd files are written to with -"
                + SettingDefinitions.Find("OUTPUT_DIRECTORY")!.ParameterName
                + ", OUTPUT_DIRECTORY in the settings file, or the environment variable DYNACONF_OUTPUT_DIRECTORY.");
        }

        return new ResolvedSettings(settings, warnings, origins);
    }

    /// <summary>
    /// Passes every path setting (<see cref="SettingDefinition.IsPath"/>) that is set through <paramref name="resolve"/>,
    /// so that a host can make them absolute against its own current location.
    /// </summary>
    public static void ResolvePaths(DiscoverySettings settings, Func<string, string> resolve)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        if (resolve is null)
        {
            throw new ArgumentNullException(nameof(resolve));
        }

        foreach (var definition in SettingDefinitions.All)
        {
            if (definition.IsPath && definition.Read(settings) is string { Length: > 0 } path)
            {
                definition.Write(settings, resolve(path));
            }
        }
    }

    /// <summary>
    /// Copies the result of <see cref="Environment.GetEnvironmentVariables()"/> into the form
    /// <see cref="Resolve"/> takes, keeping only the variables it reads.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadEnvironment(IDictionary variables)
    {
        if (variables is null)
        {
            throw new ArgumentNullException(nameof(variables));
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is string name && entry.Value is string value && PrefixRank(name) >= 0)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>The current process's variables, for callers that have no reason to pass others.</summary>
    /// <exception cref="SecurityException">The process may not read its environment.</exception>
    public static IReadOnlyDictionary<string, string> ReadEnvironment() => ReadEnvironment(Environment.GetEnvironmentVariables());

    private static Dictionary<SettingDefinition, Candidate> ReadParameters(IReadOnlyDictionary<string, object?> parameters)
    {
        var result = new Dictionary<SettingDefinition, Candidate>();
        foreach (var pair in parameters)
        {
            var definition = SettingDefinitions.Find(pair.Key)
                ?? throw new ArgumentException($"'{pair.Key}' is not a setting key.", nameof(parameters));
            if (definition.ParameterName is null)
            {
                throw new ArgumentException($"{definition.Key} has no parameter; give it one in SettingDefinitions first.", nameof(parameters));
            }

            if (result.ContainsKey(definition))
            {
                throw new ArgumentException($"{definition.Key} is given twice.", nameof(parameters));
            }

            if (pair.Value is not null)
            {
                result[definition] = new Candidate(pair.Value, SettingOrigin.Parameter(definition.ParameterName));
            }
        }

        return result;
    }

    private static Dictionary<SettingDefinition, Candidate> ReadFile(SettingsFile file, List<string> warnings)
    {
        var origin = SettingOrigin.File(file.Path);
        var result = new Dictionary<SettingDefinition, Candidate>();
        var seen = new HashSet<SettingDefinition>();
        var unknown = new List<string>();
        foreach (var pair in file.Values)
        {
            var key = pair.Key.Trim();
            var definition = SettingDefinitions.Find(key);
            if (definition is null)
            {
                var warning = SeedOnlySettings.Warning(key, origin);
                if (warning is null)
                {
                    unknown.Add(key);
                }
                else
                {
                    warnings.Add(warning);
                }

                continue;
            }

            if (!seen.Add(definition))
            {
                throw new SettingsException(
                    definition.Key, origin, $"{definition.Key} appears twice in {origin} (keys are case-insensitive): keep one.");
            }

            // $null in the file means "not set here", so that a line can be disabled without deleting it.
            if (pair.Value is not null)
            {
                result[definition] = new Candidate(pair.Value, origin);
            }
        }

        if (unknown.Count > 0)
        {
            throw UnknownKeys(file.Path, unknown);
        }

        return result;
    }

    private static Dictionary<SettingDefinition, List<Candidate>> CollectEnvironment(
        IReadOnlyDictionary<string, string> environment, List<string> warnings)
    {
        var result = new Dictionary<SettingDefinition, List<Candidate>>();
        var matches = environment
            .Select(pair => (pair.Key, pair.Value, Rank: PrefixRank(pair.Key)))
            .Where(v => v.Rank >= 0)
            .OrderBy(v => v.Rank)
            .ThenBy(v => v.Key, StringComparer.Ordinal);
        foreach (var (name, value, rank) in matches)
        {
            // An empty variable is what a template leaves when its input is unset; it means "not given".
            if (value is null || value.Trim().Length == 0)
            {
                continue;
            }

            var key = name.Substring(EnvironmentPrefixes[rank].Length);
            var origin = SettingOrigin.Environment(name);
            var definition = SettingDefinitions.Find(key);
            if (definition is null)
            {
                // Environments carry variables for other programs too: only the seed's own keys and likely typos of
                // a setting (DYNACONF_INTERVALL) are worth a word.
                var warning = SeedOnlySettings.Warning(key, origin) ?? TypoWarning(name, rank, key);
                if (warning is not null)
                {
                    warnings.Add(warning);
                }

                continue;
            }

            if (!result.TryGetValue(definition, out var list))
            {
                result[definition] = list = new List<Candidate>();
            }

            list.Add(new Candidate(DynaconfText.Unquote(value), origin));
        }

        return result;
    }

    private static Candidate? Pick(
        SettingDefinition definition,
        Dictionary<SettingDefinition, Candidate> fromParameters,
        Dictionary<SettingDefinition, Candidate> fromFile,
        Dictionary<SettingDefinition, List<Candidate>> fromEnvironment,
        List<string> warnings)
    {
        if (fromParameters.TryGetValue(definition, out var parameter))
        {
            return parameter;
        }

        if (fromFile.TryGetValue(definition, out var inFile))
        {
            return inFile;
        }

        if (!fromEnvironment.TryGetValue(definition, out var variables))
        {
            return null;
        }

        var winner = variables[0];
        foreach (var other in variables.Skip(1).Where(o => !Equals(o.Raw, winner.Raw)))
        {
            var reason = other.Origin.Name.StartsWith("DYNACONF_", StringComparison.OrdinalIgnoreCase)
                && winner.Origin.Name.StartsWith("PROMED_", StringComparison.OrdinalIgnoreCase)
                    ? "PROMED_ variables take precedence over DYNACONF_ ones"
                    : "the first name in ordinal order wins";
            warnings.Add(
                $"{definition.Key} is taken from {winner.Origin} ('{Shown(definition, winner.Raw)}'); "
                + $"{other.Origin.Name} ('{Shown(definition, other.Raw)}') is ignored, since {reason}.");
        }

        return winner;
    }

    private static object? Convert(SettingDefinition definition, Candidate candidate, SettingsFile? file)
    {
        if (!definition.Convert(candidate.Raw, out var value, out var problem))
        {
            throw Bad(definition, candidate, problem);
        }

        if (definition.IsPath && file is not null && candidate.Origin.Source == SettingSource.SettingsFile && value is string path)
        {
            return RelativeToFile(definition, candidate, path, file.Path);
        }

        return value;
    }

    // A relative path in a settings file means "next to the file", whatever directory the loop starts in.
    private static string RelativeToFile(SettingDefinition definition, Candidate candidate, string path, string filePath)
    {
        try
        {
            return Path.IsPathRooted(path)
                ? path
                : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(filePath)) ?? "", path));
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SettingsException(
                definition.Key,
                candidate.Origin,
                $"{definition.Key} '{Shown(definition, candidate.Raw)}' from {candidate.Origin} is not a valid path: {error.Message}",
                error);
        }
    }

    private static void CheckLabelNamesDiffer(DiscoverySettings settings, Dictionary<string, SettingOrigin> origins)
    {
        var names = settings.Discovery.Rules.LabelNames;
        var reserved = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [names.Instance] = "the instance label",
            [names.Job] = "the job label",
            [names.MetricsPath] = "the metrics_path label",
        };
        CheckDistinct(settings, origins, "LABELNAME_", reserved, "is the name of {0} too: give each label its own name.");
    }

    // Two intervals in one file would overwrite each other's targets; macOS and Windows volumes ignore case.
    private static void CheckFileNamesDiffer(DiscoverySettings settings, Dictionary<string, SettingOrigin> origins) =>
        CheckDistinct(
            settings,
            origins,
            "FILENAME_",
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            "is the file of {0} too (file names are compared ignoring case): give each interval its own file.");

    // The values of the settings whose keys start with keyPrefix differ from each other and from the reserved ones.
    private static void CheckDistinct(
        DiscoverySettings settings, Dictionary<string, SettingOrigin> origins, string keyPrefix, Dictionary<string, string> owners, string clash)
    {
        foreach (var definition in SettingDefinitions.All.Where(d => d.Key.StartsWith(keyPrefix, StringComparison.Ordinal)))
        {
            var name = (string)definition.Read(settings)!;
            if (!owners.TryGetValue(name, out var owner))
            {
                owners[name] = definition.Key;
                continue;
            }

            // Blame the name the user set: defaults never collide, so when this one is a default the owner was set.
            var (blamed, other) = origins[definition.Key].Source == SettingSource.Default
                ? (owner, definition.Key)
                : (definition.Key, owner);
            var origin = origins[blamed];
            var value = SettingDefinitions.Find(blamed)?.Read(settings) as string ?? name;
            throw new SettingsException(
                blamed,
                origin,
                $"{blamed} '{value}' from {origin} " + string.Format(System.Globalization.CultureInfo.InvariantCulture, clash, other));
        }
    }

    private static SettingsException Bad(SettingDefinition definition, Candidate candidate, string problem) =>
        new(definition.Key, candidate.Origin, $"{definition.Key} '{Shown(definition, candidate.Raw)}' from {candidate.Origin} {problem}.");

    private static string? TypoWarning(string name, int rank, string key)
    {
        var suggestions = KeySuggestions.NearMisses(key, SettingDefinitions.All);
        if (suggestions.Count == 0)
        {
            return null;
        }

        var prefix = name.Substring(0, EnvironmentPrefixes[rank].Length);
        return $"Environment variable {name} is not a setting and is ignored: did you mean {string.Join(" or ", suggestions.Select(s => prefix + s))}?";
    }

    private static SettingsException UnknownKeys(string path, List<string> keys)
    {
        var suggestions = keys.Select(key => KeySuggestions.For(key, SettingDefinitions.All)).ToList();
        string message;
        if (keys.Count == 1)
        {
            message = suggestions[0].Count > 0
                ? $"Unknown setting '{keys[0]}' in settings file {path}: did you mean {string.Join(" or ", suggestions[0])}?"
                : $"Unknown setting '{keys[0]}' in settings file {path}.";
        }
        else
        {
            var described = keys.Select((key, i) =>
                suggestions[i].Count > 0 ? $"'{key}' (did you mean {string.Join(" or ", suggestions[i])}?)" : $"'{key}'");
            message = $"Unknown settings in settings file {path}: {string.Join(", ", described)}.";
        }

        // Without a close match the user needs the whole list to find the right name.
        if (suggestions.Any(s => s.Count == 0))
        {
            message += " The settings are: " + string.Join(", ", SettingDefinitions.All.Select(d => d.Key)) + ".";
        }

        return new SettingsException(keys[0], SettingOrigin.File(path), message);
    }

    private static string Shown(SettingDefinition definition, object raw) =>
        SettingValueText.Safe(definition, SettingValueText.Display(raw));

    private static int PrefixRank(string name)
    {
        for (var rank = 0; rank < EnvironmentPrefixes.Length; rank++)
        {
            if (name.StartsWith(EnvironmentPrefixes[rank], StringComparison.OrdinalIgnoreCase))
            {
                return rank;
            }
        }

        return -1;
    }

    private sealed class Candidate
    {
        public Candidate(object raw, SettingOrigin origin)
        {
            Raw = raw;
            Origin = origin;
        }

        public object Raw { get; }

        public SettingOrigin Origin { get; }
    }
}
