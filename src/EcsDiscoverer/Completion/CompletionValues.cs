using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Completion;

/// <summary>What the completers share: matching the word typed, quoting, and reading the parameters already typed.</summary>
internal static class CompletionValues
{
    /// <summary>
    /// The values that start with the word typed (without its quotes; wildcards allowed), case-insensitively, in the
    /// order given, each as a parameter value with its tooltip (the value itself when there is none).
    /// </summary>
    public static IEnumerable<CompletionResult> Matching(string? wordToComplete, IEnumerable<KeyValuePair<string, string?>> values)
    {
        var word = Unquote(wordToComplete);
        var pattern = new WildcardPattern(WildcardPattern.Escape(word).Replace("`*", "*").Replace("`?", "?") + "*", WildcardOptions.IgnoreCase);
        foreach (var pair in values)
        {
            if (pattern.IsMatch(pair.Key))
            {
                yield return new CompletionResult(Quote(pair.Key), pair.Key, CompletionResultType.ParameterValue, string.IsNullOrEmpty(pair.Value) ? pair.Key : pair.Value);
            }
        }
    }

    /// <summary><see cref="Matching(string?, IEnumerable{KeyValuePair{string, string?}})"/> for values without tooltips.</summary>
    public static IEnumerable<CompletionResult> Matching(string? wordToComplete, IEnumerable<string> values) =>
        Matching(wordToComplete, values.Select(v => new KeyValuePair<string, string?>(v, null)));

    /// <summary>A parameter already typed on the command line, as a string; null when absent or not a constant.</summary>
    public static string? Bound(IDictionary? fakeBoundParameters, string name)
    {
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains(name))
        {
            return null;
        }

        // A parameter that takes several values (-Region) answers for the first, which is what a completion can use.
        var value = CredentialObjects.Unwrap(fakeBoundParameters[name]);
        if (value is IEnumerable items and not string)
        {
            value = items.Cast<object?>().Select(CredentialObjects.Unwrap).FirstOrDefault();
        }

        return value is string text && !string.IsNullOrWhiteSpace(text) ? text : null;
    }

    /// <summary>A parameter already typed on the command line, as it was bound (an object); null when absent.</summary>
    public static object? BoundObject(IDictionary? fakeBoundParameters, string name) =>
        fakeBoundParameters is not null && fakeBoundParameters.Contains(name) ? fakeBoundParameters[name] : null;

    private static string Unquote(string? word)
    {
        var text = word ?? "";
        return text.Trim('\'', '"', '\u2018', '\u2019', '\u201C', '\u201D');
    }

    private static readonly char[] NeedsQuotes = { ' ', '\t', '$', '`', '\'', '"', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#', '<', '>' };

    private static string Quote(string value) =>
        value.IndexOfAny(NeedsQuotes) >= 0
            ? "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'"
            : value;
}
