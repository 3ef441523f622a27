using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>How values appear in messages and in the effective-configuration listing.</summary>
internal static class SettingValueText
{
    /// <summary>What a secret value is shown as.</summary>
    public const string Mask = "****";

    // user:password@ in a URL; an emulator endpoint is the likely place for one.
    private static readonly Regex UrlUserInfo = new(
        "(?<=://)[^/@\\s]+@", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>A raw value as the user gave it: strings as they are, lists comma-separated, numbers invariant.</summary>
    public static string Display(object? raw) => raw switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        TimeSpan span => DurationParser.Format(span),
        IDictionary => "@{...}",
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Display)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => raw.ToString() ?? "",
    };

    /// <summary>
    /// The text to print for a setting's value: masked entirely when secret (but for the text of an unset one, so that
    /// the listing tells set from unset), URL credentials always.
    /// </summary>
    public static string Safe(SettingDefinition definition, string text) =>
        definition.IsSecret ? (text == definition.DefaultText ? text : Mask) : UrlUserInfo.Replace(text, Mask + "@");
}
