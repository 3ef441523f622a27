using System;
using System.Text;
using System.Text.RegularExpressions;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>A cluster name, ARN or wildcard pattern (<c>*</c>, <c>?</c>, <c>[a-c]</c>) as users give it.</summary>
internal sealed class ClusterPattern
{
    private static readonly char[] WildcardCharacters = { '*', '?', '[' };
    private readonly Regex? _regex;

    /// <summary>Parses the text.</summary>
    public ClusterPattern(string text)
    {
        Text = (text ?? throw new ArgumentNullException(nameof(text))).Trim();
        if (Text.IndexOfAny(WildcardCharacters) >= 0)
        {
            // Case-insensitive, as PowerShell wildcards are.
            _regex = new Regex("^" + ToRegex(Text) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>Whether the text holds wildcard characters.</summary>
    public bool IsWildcard => _regex is not null;

    /// <summary>Whether a cluster (by name, or by ARN for patterns that start with <c>arn:</c>) matches.</summary>
    public bool Matches(string clusterArn, string clusterName)
    {
        var subject = Text.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) ? clusterArn : clusterName;
        return _regex is null
            ? string.Equals(subject, Text, StringComparison.Ordinal)
            : _regex.IsMatch(subject);
    }

    private static string ToRegex(string pattern)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        builder.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                        i = close;
                    }
                    else
                    {
                        builder.Append("\\[");
                    }

                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return builder.ToString();
    }
}
