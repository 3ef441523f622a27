using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Rules.Conventions;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>
/// R9: the custom labels of a marked container: its <c>PROMETHEUS_LABEL_*</c> variables (R9.1), the
/// <c>CUSTOM_LABELS_KEY</c> docker label (R9.2) and, with <c>WITH_DOCKER_LABELS</c>, its docker labels (R9.3).
/// </summary>
internal static class CustomLabelRule
{
    /// <summary>PromED 3.x's default <c>CUSTOM_LABELS_KEY</c>.</summary>
    public const string DefaultCustomLabelsKey = "promed.custom_labels";

    /// <summary>
    /// Extracts the labels. Each source is taken in ordinal order of its names so that collisions after sanitizing
    /// resolve the same way every time: the first wins, R9.1 before R9.2 before R9.3, and the others are reported.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Extract(ContainerKeys keys, RuleSettings settings, ICollection<string> warnings)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(string source, string kind, string rawName, string value)
        {
            var name = LabelNameRule.Sanitize(rawName, keepCase: kind != "variable");
            if (name is null)
            {
                warnings.Add($"custom label {source} gives no valid label name (empty, or starting with '__'); it is ignored");
            }
            else if (!names.Add(name))
            {
                warnings.Add($"custom label {source} gives the label name '{name}' that another {kind} already set; it is ignored");
            }
            else
            {
                labels.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        var prefix = settings.LabelVariablePrefix;
        foreach (var variable in keys.Environment.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal))
        {
            Add($"variable '{variable}'", "variable", variable.Substring(prefix.Length), keys.Environment[variable]);
        }

        if (!string.IsNullOrEmpty(settings.CustomLabelsKey) && keys.DockerLabels.TryGetValue(settings.CustomLabelsKey, out var list))
        {
            foreach (var (name, value) in ParseList(list, settings.CustomLabelsKey, warnings))
            {
                Add($"'{name}' of docker label '{settings.CustomLabelsKey}'", "custom label", name, value);
            }
        }

        if (settings.WithDockerLabels)
        {
            foreach (var label in keys.DockerLabels.Where(l => l.Key != settings.CustomLabelsKey).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                Add($"docker label '{label.Key}'", "custom label", label.Key, label.Value);
            }
        }

        return labels;
    }

    /// <summary>R9.2: <c>name=value,name2=value2</c>; blanks around names and values trimmed, empty entries ignored.</summary>
    public static IReadOnlyList<(string Name, string Value)> ParseList(string text, string key, ICollection<string> warnings)
    {
        var pairs = new List<(string, string)>();
        foreach (var entry in (text ?? "").Split(',').Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            var equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                warnings.Add($"docker label '{key}' entry '{entry}' is not name=value; it is ignored");
                continue;
            }

            pairs.Add((entry.Substring(0, equals).Trim(), entry.Substring(equals + 1).Trim()));
        }

        return pairs;
    }
}
