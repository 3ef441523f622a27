using System.Collections;
using System.Collections.Specialized;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace EcsDiscoverer;

/// <summary>
/// The labels of an <see cref="EcsPrometheusTarget"/>: an ordered dictionary (<c>$t.Labels['job']</c>) that reads as
/// a Prometheus label set, <c>{cluster="prod", job="api"}</c>, where PowerShell turns a value into text:
/// <c>Export-Csv</c>, <c>ConvertTo-Csv</c>, string expansion. <c>ConvertTo-Json</c> writes it as a JSON object.
/// </summary>
[SuppressMessage("Design", "CA1010", Justification = "An OrderedDictionary, so that Labels keeps its type for scripts; a generic collection interface would add nothing PowerShell uses.")]
public sealed class EcsLabelSet : OrderedDictionary
{
    /// <summary>Creates an empty label set; names compare case-sensitively, as Prometheus label names do.</summary>
    public EcsLabelSet()
    {
    }

    /// <summary>The labels as Prometheus writes a label set: <c>{name="value", ...}</c>, values escaped as in the text format.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("{");
        foreach (DictionaryEntry entry in this)
        {
            if (text.Length > 1)
            {
                text.Append(", ");
            }

            text.Append(entry.Key).Append("=\"");
            foreach (var c in System.Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? "")
            {
                text.Append(c switch
                {
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    '\n' => "\\n",
                    _ => c.ToString(),
                });
            }

            text.Append('"');
        }

        return text.Append('}').ToString();
    }
}
