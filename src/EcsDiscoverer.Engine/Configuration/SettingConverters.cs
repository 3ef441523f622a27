using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Rules.Conventions;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// The value types of the settings table. Every converter accepts a string (the environment's only type) as well
/// as the typed values of a .psd1 file and of parameters, and states what it accepts when it refuses a value.
/// </summary>
internal static class SettingConverters
{
    public const string NotABoolean = "is not a boolean: use true or false (also 1/0, yes/no, on/off)";

    private static readonly HashSet<string> TrueWords = new(StringComparer.OrdinalIgnoreCase) { "true", "1", "yes", "on" };
    private static readonly HashSet<string> FalseWords = new(StringComparer.OrdinalIgnoreCase) { "false", "0", "no", "off" };

    private static readonly char[] DirectorySeparators = { '/', '\\' };

    // What Windows refuses (Unix refuses only '/' and NUL), so that a settings file means the same on every system.
    private static readonly HashSet<char> InvalidFileNameCharacters = new("<>:\"|?*".Concat(System.IO.Path.GetInvalidFileNameChars()));

    /// <summary>A duration within [min, max]; <paramref name="range"/> completes "use ...".</summary>
    public static SettingConverter Duration(TimeSpan min, TimeSpan max, string range) =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            if (!DurationParser.TryParse(raw, out var duration, out problem))
            {
                return false;
            }

            if (duration < min || duration > max)
            {
                problem = "is out of range: use " + range;
                return false;
            }

            value = duration;
            return true;
        };

    /// <summary>true/false, 1/0, yes/no, on/off in any case; a .psd1 <c>$true</c>/<c>$false</c>.</summary>
    public static SettingConverter Boolean() =>
        (object raw, out object? value, out string problem) =>
        {
            var ok = TryParseBoolean(raw, out var flag);
            value = ok ? flag : null;
            problem = ok ? "" : NotABoolean;
            return ok;
        };

    /// <summary>A whole number within [min, max]; <paramref name="range"/> completes "use ...".</summary>
    public static SettingConverter WholeNumber(int min, int max, string range) =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            if (!TryParseWholeNumber(raw, out var number))
            {
                problem = "is not a whole number: use " + range;
                return false;
            }

            if (number < min || number > max)
            {
                problem = "is out of range: use " + range;
                return false;
            }

            value = (int)number;
            problem = "";
            return true;
        };

    /// <summary>A number above <paramref name="exclusiveMin"/> and at most <paramref name="max"/>.</summary>
    public static SettingConverter Number(double exclusiveMin, double max, string range) =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            if (!TryParseNumber(raw, out var number))
            {
                problem = "is not a number: use " + range;
                return false;
            }

            if (number <= exclusiveMin || number > max)
            {
                problem = "is out of range: use " + range;
                return false;
            }

            value = number;
            problem = "";
            return true;
        };

    /// <summary>
    /// A fraction strictly between 0 and 1, written as a number (<c>0.5</c>) or a percentage (<c>50%</c>).
    /// </summary>
    public static SettingConverter Fraction(string range) =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            var percent = raw is string text && text.Trim().EndsWith("%", StringComparison.Ordinal);
            var number = 0.0;
            var parsed = percent
                ? TryParseNumber(((string)raw).Trim().TrimEnd('%'), out number)
                : TryParseNumber(raw, out number);
            if (!parsed)
            {
                problem = "is not a fraction: use " + range;
                return false;
            }

            number = percent ? number / 100 : number;
            if (number <= 0 || number >= 1)
            {
                problem = "is out of range: use " + range;
                return false;
            }

            value = number;
            problem = "";
            return true;
        };

    /// <summary>
    /// Budgets per AWS throttling group, <c>group=rate/burst</c> entries separated by commas (or a list of them):
    /// <c>ecs-cluster-resource-read=10/100, ec2-describe-instances=5/50</c>.
    /// </summary>
    public static SettingConverter GroupBudgets() =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            const string what = "group=rate/burst entries such as ecs-cluster-resource-read=10/100";
            if (!TrySplitList(raw, out var entries, out problem, what))
            {
                return false;
            }

            var budgets = new Dictionary<string, ApiBudget>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in entries)
            {
                var parts = entry.Split('=');
                var group = parts.Length == 2 ? ApiBudgetGroups.Find(parts[0]) : null;
                var numbers = parts.Length == 2 ? parts[1].Split('/') : Array.Empty<string>();
                if (group is null)
                {
                    problem = $"has '{entry}', which names no throttling group: use {what}; the groups are {string.Join(", ", ApiBudgetGroups.All.Select(g => g.Name))}";
                    return false;
                }

                if (numbers.Length != 2 || !TryParseNumber(numbers[0], out var rate) || !(rate > 0) || !TryParseWholeNumber(numbers[1], out var burst) || burst < 1 || burst > int.MaxValue)
                {
                    problem = $"has '{entry}', whose budget is not rate/burst with a rate above 0 and a burst of at least 1: use {what}";
                    return false;
                }

                budgets[group.Name] = new ApiBudget(rate, (int)burst);
            }

            value = (IReadOnlyDictionary<string, ApiBudget>)budgets;
            problem = "";
            return true;
        };

    /// <summary>Text, trimmed. Empty text is an error when <paramref name="whenEmpty"/> is given, otherwise "not set" (null).</summary>
    public static SettingConverter Text(string? whenEmpty) =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            if (raw is not string text)
            {
                problem = WrongType(raw, "text");
                return false;
            }

            var trimmed = text.Trim();
            if (trimmed.Length == 0 && whenEmpty is not null)
            {
                problem = "is empty: " + whenEmpty;
                return false;
            }

            value = trimmed.Length == 0 ? null : trimmed;
            problem = "";
            return true;
        };

    /// <summary>A metrics path: text starting with <c>/</c>.</summary>
    public static SettingConverter MetricsPath() =>
        CheckedText(
            "use a path such as /metrics",
            path => path.StartsWith("/", StringComparison.Ordinal) ? "" : "does not start with '/': use a path such as /metrics");

    /// <summary>A Prometheus label name that Prometheus does not reserve (no leading <c>__</c>).</summary>
    public static SettingConverter LabelName(string example) =>
        CheckedText("use a label name such as " + example, name => LabelNameProblem(name, example));

    /// <summary>
    /// A plain file name in the output directory (<c>FILENAME_*</c>): no directory, not <c>.</c> or <c>..</c>, no
    /// character that Windows or Unix refuses in a file name, and no leading <c>.</c> (the temporary files start with one).
    /// </summary>
    public static SettingConverter FileName(string example) =>
        CheckedText("give a file name such as " + example, name => FileNameProblem(name, example));

    /// <summary>
    /// Text, trimmed and not empty, that also passes <paramref name="check"/>, which says why a value does not
    /// (the rest of the message after the value), or returns empty when it does.
    /// </summary>
    public static SettingConverter CheckedText(string whenEmpty, Func<string, string> check)
    {
        var text = Text(whenEmpty);
        return (object raw, out object? value, out string problem) =>
        {
            if (!text(raw, out value, out problem))
            {
                return false;
            }

            problem = check((string)value!);
            if (problem.Length > 0)
            {
                value = null;
                return false;
            }

            return true;
        };
    }

    /// <summary>Why a string is not a usable output file name, or empty when it is one.</summary>
    public static string FileNameProblem(string name, string example)
    {
        var use = $": give a plain file name such as {example}";
        if (name.IndexOfAny(DirectorySeparators) >= 0)
        {
            return "has a directory in it: the files are written to OUTPUT_DIRECTORY" + use;
        }

        if (name == "." || name == "..")
        {
            return "names a directory, not a file" + use;
        }

        var invalid = name.FirstOrDefault(c => c < ' ' || InvalidFileNameCharacters.Contains(c));
        if (invalid != default(char))
        {
            var shown = invalid < ' ' ? "a control character" : $"'{invalid}'";
            return $"has {shown}, which is not allowed in file names" + use;
        }

        return name.StartsWith(".", StringComparison.Ordinal)
            ? "starts with '.', which marks the temporary files written next to the output files" + use
            : "";
    }

    /// <summary>An absolute http or https URL; empty means "not set".</summary>
    public static SettingConverter HttpUrl()
    {
        var text = Text(null);
        return (object raw, out object? value, out string problem) =>
        {
            if (!text(raw, out value, out problem))
            {
                return false;
            }

            if (value is null)
            {
                return true;
            }

            if (!Uri.TryCreate((string)value, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.Host.Length == 0)
            {
                value = null;
                problem = "is not an absolute http or https URL: use a URL such as http://localhost:4566";
                return false;
            }

            return true;
        };
    }

    /// <summary>
    /// A list of names: an array, a comma-separated string, or a TOML array string. Blank text is the empty list;
    /// an empty entry is an error, since it is a typo more often than not.
    /// </summary>
    public static SettingConverter List(string what) =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            var ok = TrySplitList(raw, out var items, out problem, what);
            if (ok)
            {
                value = items;
            }

            return ok;
        };

    /// <summary><c>ROLE_ARNS</c>: a list of IAM role ARNs.</summary>
    public static SettingConverter RoleArns() =>
        (object raw, out object? value, out string problem) =>
        {
            value = null;
            if (!TrySplitList(raw, out var items, out problem, "role ARNs"))
            {
                return false;
            }

            foreach (var arn in items)
            {
                var wrong = EcsDiscoverer.Engine.Scopes.ScopeSettingsReader.RoleArnProblem(arn);
                if (wrong.Length > 0)
                {
                    problem = $"has '{arn}', which {wrong}";
                    return false;
                }
            }

            value = items;
            return true;
        };

    /// <summary><c>SCOPES</c>: hashtables (or, in the environment, JSON) read by <see cref="Scopes.ScopeSettingsReader"/>.</summary>
    public static SettingConverter Scopes() =>
        (object raw, out object? value, out string problem) =>
        {
            var ok = EcsDiscoverer.Engine.Scopes.ScopeSettingsReader.TryRead(raw, out var scopes, out problem);
            value = ok ? scopes : null;
            return ok;
        };

    /// <summary>Reads a boolean the way dynaconf and PowerShell users write one.</summary>
    /// <summary>One of <paramref name="words"/> (any case, blanks trimmed).</summary>
    public static SettingConverter Choice<T>(IReadOnlyDictionary<string, T> words)
    {
        var use = "use " + string.Join(" or ", words.Keys);
        return CheckedChoice(use, text => words.FirstOrDefault(w => string.Equals(w.Key, text, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found
            ? (true, found.Value)
            : (false, default(T)!));
    }

    /// <summary>R13: a list of marking convention names, or <c>all</c>.</summary>
    public static SettingConverter Conventions()
    {
        var list = List("marking conventions");
        var use = "use " + string.Join(", ", MarkerConventions.Names) + " or all";
        return (object raw, out object? value, out string problem) =>
        {
            if (!list(raw, out value, out problem))
            {
                return false;
            }

            var names = (IReadOnlyList<string>)value!;
            var unknown = names.FirstOrDefault(n => !MarkerConventions.IsName(n));
            problem = names.Count == 0 ? "is empty: no container would be marked; " + use
                : unknown is not null ? $"names '{unknown}', which is not a marking convention: " + use
                : "";
            value = problem.Length == 0 ? names : null;
            return problem.Length == 0;
        };
    }

    private static SettingConverter CheckedChoice<T>(string use, Func<string, (bool Ok, T Value)> pick)
    {
        var text = Text(use);
        return (object raw, out object? value, out string problem) =>
        {
            if (!text(raw, out value, out problem))
            {
                return false;
            }

            var (ok, picked) = pick((string)value!);
            value = ok ? picked : null;
            problem = ok ? "" : "is not one of the choices: " + use;
            return ok;
        };
    }

    public static bool TryParseBoolean(object raw, out bool value)
    {
        value = false;
        switch (raw)
        {
            case bool flag:
                value = flag;
                return true;
            case string text when TrueWords.Contains(text.Trim()):
                value = true;
                return true;
            case string text when FalseWords.Contains(text.Trim()):
                return true;
            case int or long when TryParseWholeNumber(raw, out var number) && number is 0 or 1:
                value = number == 1;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a whole number: integer types, integral floating values, or invariant digits with an optional sign.</summary>
    public static bool TryParseWholeNumber(object raw, out long value)
    {
        value = 0;
        switch (raw)
        {
            case int or long or short or byte:
                value = Convert.ToInt64(raw, CultureInfo.InvariantCulture);
                return true;
            case double or float or decimal:
                var number = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                if (Math.Floor(number) != number || Math.Abs(number) > int.MaxValue)
                {
                    return false;
                }

                value = (long)number;
                return true;
            case string text:
                return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    /// <summary>Reads a finite number: numeric types or invariant text (<c>0.5</c>, <c>1e3</c>).</summary>
    public static bool TryParseNumber(object raw, out double value)
    {
        value = 0;
        switch (raw)
        {
            case int or long or short or byte or double or float or decimal:
                value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                break;
            case string text:
                if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        return !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>Splits a list value into trimmed, non-empty entries.</summary>
    public static bool TrySplitList(object raw, out IReadOnlyList<string> items, out string problem, string what)
    {
        items = Array.Empty<string>();
        problem = "";
        IEnumerable<object?> entries;
        switch (raw)
        {
            case string text when text.Trim().Length == 0:
                return true;
            case string text:
                entries = DynaconfText.SplitArray(text) ?? (IEnumerable<object?>)text.Split(',');
                break;
            case IEnumerable enumerable and not IDictionary:
                entries = Cast(enumerable);
                break;
            default:
                problem = WrongType(raw, "a list");
                return false;
        }

        var list = new List<string>();
        foreach (var entry in entries)
        {
            if (entry is not string name)
            {
                problem = $"has an entry that is not text: give {what} as text";
                return false;
            }

            if (name.Trim().Length == 0)
            {
                problem = $"has an empty entry: separate {what} with single commas";
                return false;
            }

            list.Add(name.Trim());
        }

        items = list;
        return true;
    }

    /// <summary>Why a string is not a usable R7 label name, or empty when it is one.</summary>
    public static string LabelNameProblem(string name, string example)
    {
        if (!LabelNameRule.IsValid(name))
        {
            return $"is not a valid Prometheus label name: use letters, digits and underscores, not starting with a digit, such as {example}";
        }

        return name.StartsWith("__", StringComparison.Ordinal)
            ? $"starts with __, which Prometheus reserves for its own labels: use a name such as {example}"
            : "";
    }

    private static IEnumerable<object?> Cast(IEnumerable enumerable)
    {
        foreach (var item in enumerable)
        {
            yield return item;
        }
    }

    private static string WrongType(object raw, string expected) => raw switch
    {
        IDictionary => $"is a hashtable: give {expected}",
        IEnumerable and not string => $"is a list: give {expected}",
        _ => expected == "text" ? "is not text: put the value in quotes" : $"is not {expected}",
    };
}
