using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// The hostile strings every setting is tried with. A lone surrogate cannot be built as a .NET string that survives
/// JSON serialization (writers replace it), so scenarios carry <see cref="LoneSurrogateToken"/> and the corpus swaps
/// it for the raw escape <c>\ud800</c> in the JSON text.
/// </summary>
internal static class HostileText
{
    /// <summary>64 KiB, the size the issue asks for.</summary>
    public const int HugeLength = 64 * 1024;

    /// <summary>Replaced by <c>\ud800</c> in scenario JSON text.</summary>
    public const string LoneSurrogateToken = "@@LONE-SURROGATE@@";

    /// <summary>The JSON escape of a high surrogate with no low surrogate after it.</summary>
    public const string LoneSurrogateEscape = "\\ud800";

    public static string Huge(char c = 'x') => new(c, HugeLength);

    /// <summary>Right-to-left override plus Arabic and Hebrew letters.</summary>
    public const string RightToLeft = "\u202Eevil\u202C \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD";

    public const string Emoji = "\U0001F600\U0001F525\U0001F44D\U0001F3FD";

    public const string Nul = "a\0b";

    public const string Quote = "say \"hi\"";

    public const string Backslash = "C:\\temp\\x\\";

    public const string Newlines = "line1\nline2\r\nline3\ttab";

    /// <summary>Closes the string, the group and the file if anything concatenated JSON by hand.</summary>
    public const string JsonFragment = "\"}]";

    /// <summary>Tries to inject a whole target group with a reserved label.</summary>
    public const string GroupInjection = "\"}},{\"targets\":[\"6.6.6.6:666\"],\"labels\":{\"__address__\":\"6.6.6.6:666\",\"__scheme__\":\"https\"}}]";

    /// <summary>Every hostile value, named, for table tests (the lone surrogate is a token, see above).</summary>
    public static IReadOnlyList<(string Name, string Value)> Values { get; } = new (string, string)[]
    {
        ("empty", ""),
        ("whitespace", " \t "),
        ("huge-64KiB", Huge()),
        ("right-to-left", RightToLeft),
        ("emoji", Emoji),
        ("nul", Nul),
        ("lone-surrogate", LoneSurrogateToken),
        ("quotes", Quote),
        ("backslashes", Backslash),
        ("newlines", Newlines),
        ("json-fragment", JsonFragment),
        ("group-injection", GroupInjection),
    };

    public static bool IsLoneSurrogate(string value) => value.Contains(LoneSurrogateToken, System.StringComparison.Ordinal);

    /// <summary>The values that survive the JSON of an ECS response unchanged.</summary>
    public static IEnumerable<(string Name, string Value)> Transportable => Values.Where(v => !IsLoneSurrogate(v.Value));
}
