using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using EcsDiscoverer.Engine.Configuration;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// Reads <c>SCOPES</c> as users write it: a .psd1 array of hashtables, a PowerShell <c>-Scope</c> hashtable array, or,
/// in the environment, JSON (<c>[{"RoleArn": "...", "Regions": ["eu-west-1"]}]</c>, dynaconf's <c>@json</c> prefix
/// allowed). Keys are matched case-insensitively; an unknown key is an error that names the known ones, since a
/// misspelt <c>RoleArn</c> would otherwise quietly discover the wrong account.
/// </summary>
internal static class ScopeSettingsReader
{
    /// <summary>The keys a scope may have, and the short spellings accepted for them.</summary>
    public static readonly IReadOnlyList<string> Keys = new[]
    {
        "Name", "ProfileName", "RoleArn", "ExternalId", "RoleSessionName", "Regions", "Clusters", "RequestsPerSecond", "Burst", "EventQueueUrl",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Profile"] = "ProfileName",
        ["Role"] = "RoleArn",
        ["SessionName"] = "RoleSessionName",
        ["Region"] = "Regions",
        ["Cluster"] = "Clusters",
        ["EventQueue"] = "EventQueueUrl",
        ["QueueUrl"] = "EventQueueUrl",
    };

    // arn:PARTITION:iam::ACCOUNT:role/PATH/NAME; the account is what the scope's targets will say they are in.
    private static readonly Regex RoleArnPattern = new(@"^arn:aws[a-z-]*:iam::(?<account>\d{12}):role/[\w+=,.@/-]{1,512}$", RegexOptions.CultureInvariant);

    // STS: [\w+=,.@-]{2,64}.
    private static readonly Regex SessionNamePattern = new(@"^[\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant);

    /// <summary>Parses <paramref name="raw"/>; false with a problem ("has ...", "entry 2: ...") when it cannot be used.</summary>
    public static bool TryRead(object raw, out IReadOnlyList<ScopeSettings> scopes, out string problem)
    {
        scopes = Array.Empty<ScopeSettings>();
        problem = "";
        IEnumerable entries;
        switch (raw)
        {
            case string text when text.Trim().Length == 0:
                return true;
            case string text:
                if (!TryParseJson(text, out var parsed, out problem))
                {
                    return false;
                }

                entries = parsed;
                break;
            case IDictionary single:
                entries = new object[] { single };
                break;
            case IEnumerable list:
                entries = list;
                break;
            default:
                problem = "is not a list of scopes: give an array of hashtables such as @(@{ RoleArn = 'arn:aws:iam::111122223333:role/ecs-discovery'; Regions = 'eu-west-1' })";
                return false;
        }

        var result = new List<ScopeSettings>();
        var index = 0;
        foreach (var entry in entries)
        {
            index++;
            if (entry is not IDictionary dictionary)
            {
                problem = $"entry {index} is not a hashtable: write each scope as @{{ RoleArn = '...'; Regions = '...' }}";
                return false;
            }

            if (!TryReadOne(dictionary, out var scope, out var entryProblem))
            {
                problem = $"entry {index}: {entryProblem}";
                return false;
            }

            result.Add(scope);
        }

        scopes = result;
        return true;
    }

    /// <summary>Why <paramref name="roleArn"/> is not an IAM role ARN, or empty when it is one.</summary>
    public static string RoleArnProblem(string roleArn) =>
        RoleArnPattern.IsMatch(roleArn)
            ? ""
            : "is not an IAM role ARN: use arn:aws:iam::ACCOUNT:role/NAME, such as arn:aws:iam::111122223333:role/ecs-discovery";

    /// <summary>Why <paramref name="name"/> is not a valid STS role session name, or empty when it is one.</summary>
    public static string SessionNameProblem(string name) =>
        SessionNamePattern.IsMatch(name)
            ? ""
            : "is not a valid role session name: use 2 to 64 letters, digits and + = , . @ - _";

    /// <summary>The account id in a role ARN, or null.</summary>
    public static string? AccountOfRole(string? roleArn) =>
        roleArn is not null && RoleArnPattern.Match(roleArn) is { Success: true } match ? match.Groups["account"].Value : null;

    private static bool TryReadOne(IDictionary dictionary, out ScopeSettings scope, out string problem)
    {
        scope = new ScopeSettings();
        problem = "";
        foreach (DictionaryEntry pair in dictionary)
        {
            var key = pair.Key?.ToString()?.Trim() ?? "";
            var canonical = Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                ?? (Aliases.TryGetValue(key, out var alias) ? alias : null);
            if (canonical is null)
            {
                problem = $"unknown key '{key}': a scope may have {string.Join(", ", Keys)}";
                return false;
            }

            var value = pair.Value;
            if (value is null)
            {
                continue;
            }

            if (!Apply(scope, canonical, value, out problem))
            {
                problem = $"{canonical} {problem}";
                return false;
            }
        }

        if (scope.ExternalId is not null && scope.RoleArn is null)
        {
            problem = "ExternalId needs RoleArn: the external id is given when a role is assumed";
            return false;
        }

        if (scope.RoleSessionName is not null && scope.RoleArn is null)
        {
            problem = "RoleSessionName needs RoleArn: the session name is given when a role is assumed";
            return false;
        }

        return true;
    }

    private static bool Apply(ScopeSettings scope, string key, object value, out string problem)
    {
        problem = "";
        switch (key)
        {
            case "Regions":
            case "Clusters":
                if (!SettingConverters.TrySplitList(value, out var items, out problem, key == "Regions" ? "region names" : "cluster names, ARNs or wildcards"))
                {
                    return false;
                }

                if (key == "Regions")
                {
                    scope.Regions = items;
                }
                else
                {
                    scope.Clusters = items;
                }

                return true;
            case "RequestsPerSecond":
                if (!SettingConverters.TryParseNumber(value, out var rate) || rate <= 0 || rate > 1000)
                {
                    problem = "is not a number above 0 and at most 1000, such as 10";
                    return false;
                }

                scope.RequestsPerSecond = rate;
                return true;
            case "Burst":
                if (!SettingConverters.TryParseWholeNumber(value, out var burst) || burst < 1 || burst > int.MaxValue)
                {
                    problem = "is not a whole number of at least 1, such as 20";
                    return false;
                }

                scope.Burst = (int)burst;
                return true;
        }

        if (value is not string text || text.Trim().Length == 0)
        {
            problem = "must be non-empty text";
            return false;
        }

        text = text.Trim();
        switch (key)
        {
            case "Name":
                scope.Name = text;
                return true;
            case "ProfileName":
                scope.ProfileName = text;
                return true;
            case "RoleArn":
                problem = Quoted(text, RoleArnProblem(text));
                scope.RoleArn = text;
                return problem.Length == 0;
            case "ExternalId":
                scope.ExternalId = text;
                return true;
            case "EventQueueUrl":
                problem = Quoted(text, Events.EventSettings.QueueUrlProblem(text));
                scope.EventQueueUrl = text;
                return problem.Length == 0;
            default:
                problem = Quoted(text, SessionNameProblem(text));
                scope.RoleSessionName = text;
                return problem.Length == 0;
        }
    }

    private static string Quoted(string value, string problem) => problem.Length == 0 ? "" : $"'{value}' {problem}";

    private static bool TryParseJson(string text, out IEnumerable entries, out string problem)
    {
        entries = Array.Empty<object>();
        problem = "";
        var json = text.Trim();
        if (json.StartsWith("@json", StringComparison.OrdinalIgnoreCase))
        {
            json = json.Substring(5).Trim();
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problem = "is not a JSON array of scopes, such as [{\"RoleArn\": \"arn:aws:iam::111122223333:role/ecs-discovery\", \"Regions\": [\"eu-west-1\"]}]";
                return false;
            }

            entries = document.RootElement.EnumerateArray().Select(ToPlain).ToList();
            return true;
        }
        catch (JsonException ex)
        {
            problem = "is not valid JSON: " + ex.Message;
            return false;
        }
    }

    // JSON values as the .psd1 reader gives them: dictionaries, object arrays, strings, numbers, booleans.
    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => (object)p.Name, p => ToPlain(p.Value)) is var d ? new Hashtable(d) : null,
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
