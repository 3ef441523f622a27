using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R9: the custom labels a container's <c>PROMETHEUS_LABEL_*</c> variables give.</summary>
internal static class CustomLabelRule
{
    /// <summary>
    /// Extracts the labels, in ordinal order of the variable names so that name collisions after
    /// sanitizing resolve the same way every time (first wins). Dropped names are reported.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Extract(
        IReadOnlyDictionary<string, string> environment, string prefix, ICollection<string> warnings)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in environment.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal))
        {
            var name = LabelNameRule.Sanitize(variable.Substring(prefix.Length));
            if (name is null)
            {
                warnings.Add($"custom label variable '{variable}' gives no valid label name (empty, or starting with '__'); it is ignored");
            }
            else if (!names.Add(name))
            {
                warnings.Add($"custom label variable '{variable}' gives the label name '{name}' that another variable already set; it is ignored");
            }
            else
            {
                labels.Add(new KeyValuePair<string, string>(name, environment[variable]));
            }
        }

        return labels;
    }
}
