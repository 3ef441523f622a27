using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// What every discovery output must be, whatever the input: the checker the bad-input corpus, the property tests and
/// the Prometheus tests share. It is written from what Prometheus 2.x requires of a file_sd file and from R7/R9, not
/// from the production code, so that it can disagree with it.
/// </summary>
/// <remarks>
/// Prometheus rejects the whole file when a label name is invalid (<c>model.LabelSet</c> unmarshalling) or a group is
/// <c>null</c>; it drops a target whose address contains <c>/</c> or whose label value is not UTF-8. Names starting with
/// <c>__</c> are Prometheus' own: only <c>__metrics_path__</c> and the R7 <c>__meta_ecs_*</c> labels may come from us.
/// </remarks>
internal static class FileSdInvariant
{
    /// <summary>The label name syntax of Prometheus 2.x.</summary>
    public static readonly Regex LabelName = new("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

    /// <summary>R16: the tag metadata, <c>__meta_ecs_tag_task_*</c>, <c>__meta_ecs_tag_task_definition_*</c> and <c>__meta_ecs_tag_*</c>.</summary>
    public const string TagLabelPrefix = "__meta_ecs_tag_";

    /// <summary>The reserved (<c>__</c>) labels the rules may set (R7); nothing else starting with <c>__</c> may appear.</summary>
    public static readonly IReadOnlyCollection<string> AllowedReservedLabels = new HashSet<string>(StringComparer.Ordinal)
    {
        "__metrics_path__",
        "__meta_ecs_cluster_arn",
        "__meta_ecs_task_arn",
        "__meta_ecs_task_definition_arn",
        "__meta_ecs_container_name",
        "__meta_ecs_container_image",
        "__meta_ecs_launch_type",
        "__meta_ecs_network_mode",
        "__meta_ecs_availability_zone",
        "__meta_ecs_service",
        "__meta_ecs_health_status",
        "__meta_ecs_ec2_instance_id",
        "__meta_ecs_convention",
        "__scheme__",
        // R14: Prometheus's role: ecs names.
        "__meta_ecs_cluster",
        "__meta_ecs_task_definition",
        "__meta_ecs_task_group",
        "__meta_ecs_region",
        "__meta_ecs_account_id",
        "__meta_ecs_ip_address",
        "__meta_ecs_subnet_id",
        "__meta_ecs_desired_status",
        "__meta_ecs_last_status",
        "__meta_ecs_platform_family",
        "__meta_ecs_platform_version",
        "__meta_ecs_container_instance_arn",
        "__meta_ecs_ec2_instance_private_ip",
        // R14: from DescribeInstances (tags: __meta_ecs_tag_ec2_*, under the tag prefix).
        "__meta_ecs_ec2_instance_type",
        "__meta_ecs_ec2_instance_public_ip",
        "__meta_ecs_public_ip",
    };

    /// <summary>The five file names of R6.</summary>
    public static readonly IReadOnlyList<string> FileNames = new[] { "tasks.json", "15s-tasks.json", "30s-tasks.json", "1m-tasks.json", "5m-tasks.json" };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Regex Port = new("^[1-9][0-9]{0,4}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex Ipv6Literal = new("^[0-9a-f:]+$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex DottedQuad = new("^([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The violations of one file's bytes; empty when the file is one Prometheus reads without complaint.</summary>
    public static IReadOnlyList<string> CheckFile(string name, byte[] content)
    {
        var violations = new List<string>();
        try
        {
            Parse(name, content, violations);
        }
        catch (Exception ex)
        {
            violations.Add($"{name}: the checker could not read the file: {ex.GetType().Name}: {ex.Message}");
        }

        return violations;
    }

    /// <summary>The violations of a rendered set of files: all five present, each valid.</summary>
    public static IReadOnlyList<string> CheckFiles(IReadOnlyList<FileSdFile> files)
    {
        var violations = new List<string>();
        var names = files.Select(f => f.FileName).ToList();
        if (!names.OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(FileNames.OrderBy(n => n, StringComparer.Ordinal)))
        {
            violations.Add($"the files are [{string.Join(", ", names)}], not the five of R6");
        }

        foreach (var file in files)
        {
            violations.AddRange(CheckFile(file.FileName, file.Content));
            var groups = Count(file.Content);
            if (groups is not null && groups != file.GroupCount)
            {
                violations.Add($"{file.FileName}: GroupCount says {file.GroupCount} but the file holds {groups} groups");
            }
        }

        return violations;
    }

    /// <summary>The violations of the five files in a directory, as Prometheus would read them.</summary>
    public static IReadOnlyList<string> CheckDirectory(string directory)
    {
        var violations = new List<string>();
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                violations.Add($"{name}: missing");
                continue;
            }

            violations.AddRange(CheckFile(name, File.ReadAllBytes(path)));
        }

        return violations;
    }

    /// <summary>The violations of discovered targets (before rendering): address, port and labels.</summary>
    public static IReadOnlyList<string> CheckTargets(IEnumerable<ScrapeTarget> targets)
    {
        var violations = new List<string>();
        foreach (var target in targets)
        {
            var where = $"target of task {target.TaskArn} container '{target.ContainerName}'";
            CheckAddress(where, target.Target, violations);
            if (target.Port is < 1 or > 65535)
            {
                violations.Add($"{where}: port {target.Port} is outside 1-65535");
            }

            if (!target.MetricsPath.StartsWith('/'))
            {
                violations.Add($"{where}: metrics path '{Shorten(target.MetricsPath)}' does not start with /");
            }

            foreach (var label in target.Labels)
            {
                // Values are checked as Prometheus reads them, in the files: in memory any .NET string may pass.
                CheckLabel(where, label.Key, label.Value, violations, checkValue: false);
            }
        }

        return violations;
    }

    /// <summary>The violations of skip records: every rejected container says why (a known reason and a sentence).</summary>
    public static IReadOnlyList<string> CheckSkips(IEnumerable<SkippedContainer> skipped)
    {
        var violations = new List<string>();
        foreach (var skip in skipped)
        {
            if (!SkipReasons.All.Contains(skip.Reason))
            {
                violations.Add($"skip of task {skip.TaskArn} container '{skip.ContainerName}': unknown reason {(int)skip.Reason}");
            }

            if (string.IsNullOrWhiteSpace(skip.Detail))
            {
                violations.Add($"skip of task {skip.TaskArn} container '{skip.ContainerName}' ({SkipReasons.Name(skip.Reason)}): no detail");
            }
        }

        return violations;
    }

    /// <summary>Fails the test with every violation, when there are any.</summary>
    public static void AssertHolds(IEnumerable<string> violations, string context = "")
    {
        var list = violations.ToList();
        Assert.True(
            list.Count == 0,
            $"{list.Count} file_sd invariant violation(s){(context.Length > 0 ? " in " + context : "")}:\n" + string.Join("\n", list.Take(25).Select(v => "  " + Shorten(v, 300))));
    }

    /// <summary>Renders targets as the engine's callers do and checks targets, files and skip records together.</summary>
    public static IReadOnlyList<string> CheckRendered(IReadOnlyList<ScrapeTarget> targets, IEnumerable<SkippedContainer> skipped, out IReadOnlyList<FileSdFile> files)
    {
        var violations = new List<string>();
        violations.AddRange(CheckTargets(targets));
        violations.AddRange(CheckSkips(skipped));
        files = Array.Empty<FileSdFile>();
        try
        {
            files = FileSdRenderer.Render(targets.Select(FileSdGroup.From));
        }
        catch (Exception ex)
        {
            violations.Add($"rendering threw {ex.GetType().Name}: {ex.Message}");
            return violations;
        }

        violations.AddRange(CheckFiles(files));
        var rendered = files.Sum(f => f.GroupCount);
        if (rendered != targets.Count)
        {
            violations.Add($"{targets.Count} targets were rendered as {rendered} groups");
        }

        return violations;
    }

    /// <summary>The groups of a file that satisfies the invariant; fails the test otherwise.</summary>
    public static IReadOnlyList<ParsedGroup> Groups(string name, byte[] content)
    {
        var violations = new List<string>();
        var groups = Parse(name, content, violations);
        AssertHolds(violations, name);
        return groups;
    }

    private static int? Count(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<ParsedGroup> Parse(string name, byte[] content, List<string> violations)
    {
        var groups = new List<ParsedGroup>();
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
        {
            violations.Add($"{name}: starts with a byte order mark");
        }

        try
        {
            StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException ex)
        {
            violations.Add($"{name}: not valid UTF-8 ({ex.Message})");
            return groups;
        }

        JsonDocument document;
        try
        {
            // Default options: no comments, no trailing commas, as strict as Go's encoding/json.
            document = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            violations.Add($"{name}: not valid JSON ({ex.Message})");
            return groups;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                violations.Add($"{name}: the root is a {root.ValueKind}, not an array of target groups");
                return groups;
            }

            var index = 0;
            foreach (var group in root.EnumerateArray())
            {
                var parsed = ParseGroup($"{name}[{index}]", group, violations);
                if (parsed is not null)
                {
                    groups.Add(parsed);
                }

                index++;
            }
        }

        return groups;
    }

    private static ParsedGroup? ParseGroup(string where, JsonElement group, List<string> violations)
    {
        if (group.ValueKind != JsonValueKind.Object)
        {
            violations.Add($"{where}: a {group.ValueKind}, not a target group object (Prometheus refuses the file)");
            return null;
        }

        var keys = group.EnumerateObject().Select(p => p.Name).ToList();
        if (!keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(new[] { "labels", "targets" }))
        {
            violations.Add($"{where}: has the keys [{string.Join(", ", keys)}], not exactly targets and labels");
        }

        var targets = new List<string>();
        if (group.TryGetProperty("targets", out var targetArray) && targetArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var target in targetArray.EnumerateArray())
            {
                if (target.ValueKind != JsonValueKind.String)
                {
                    violations.Add($"{where}: a target is a {target.ValueKind}, not a string");
                    continue;
                }

                var text = ReadString(where, "target", target, violations);
                if (text is not null)
                {
                    CheckAddress(where, text, violations);
                    targets.Add(text);
                }
            }

            if (targets.Count == 0)
            {
                violations.Add($"{where}: no targets");
            }
        }
        else
        {
            violations.Add($"{where}: \"targets\" is missing or not an array");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (group.TryGetProperty("labels", out var labelObject) && labelObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labelObject.EnumerateObject())
            {
                if (label.Value.ValueKind != JsonValueKind.String)
                {
                    violations.Add($"{where}: label {Shorten(label.Name)} is a {label.Value.ValueKind}, not a string");
                    continue;
                }

                var value = ReadString(where, $"label {Shorten(label.Name)}", label.Value, violations);
                if (!labels.TryAdd(label.Name, value ?? ""))
                {
                    violations.Add($"{where}: label {Shorten(label.Name)} appears twice");
                }

                CheckLabel(where, label.Name, value ?? "", violations);
            }
        }
        else
        {
            violations.Add($"{where}: \"labels\" is missing or not an object");
        }

        return new ParsedGroup(targets, labels);
    }

    private static string? ReadString(string where, string what, JsonElement element, List<string> violations)
    {
        string value;
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate: valid JSON syntax, but no text.
            violations.Add($"{where}: {what} is not valid Unicode text ({ex.Message})");
            return null;
        }

        if (!IsWellFormed(value))
        {
            violations.Add($"{where}: {what} holds a lone surrogate, which is not valid UTF-8");
        }

        return value;
    }

    private static void CheckLabel(string where, string name, string value, List<string> violations, bool checkValue = true)
    {
        if (!LabelName.IsMatch(name))
        {
            violations.Add($"{where}: label name '{Shorten(name)}' is not a valid Prometheus label name");
        }
        else if (name.StartsWith("__", StringComparison.Ordinal) && !AllowedReservedLabels.Contains(name) && !name.StartsWith(TagLabelPrefix, StringComparison.Ordinal))
        {
            violations.Add($"{where}: reserved label '{Shorten(name)}' is not one the rules set (R7, R9, R16)");
        }

        if (checkValue && !IsWellFormed(value))
        {
            violations.Add($"{where}: the value of label '{Shorten(name)}' holds a lone surrogate, which is not valid UTF-8");
        }

        if (checkValue && name == "__metrics_path__" && !value.StartsWith('/'))
        {
            violations.Add($"{where}: __metrics_path__ '{Shorten(value)}' does not start with / (R6)");
        }
    }

    /// <summary>
    /// <c>host:port</c> with an IPv4 host (R5), or <c>[host]:port</c> with an IPv6 host (R15), and a port 1-65535,
    /// nothing else (no scheme, path, zone id or space).
    /// </summary>
    private static void CheckAddress(string where, string address, List<string> violations)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0)
        {
            violations.Add($"{where}: target '{Shorten(address)}' is not host:port");
            return;
        }

        var host = address.Substring(0, colon);
        var port = address.Substring(colon + 1);
        var quad = DottedQuad.Match(host);
        if (host.StartsWith('['))
        {
            // R15: a bracketed IPv6 literal, as Prometheus's net.JoinHostPort writes it: hex digits and colons only.
            var inner = host.Length > 2 && host.EndsWith(']') ? host.Substring(1, host.Length - 2) : "";
            if (!Ipv6Literal.IsMatch(inner) || !System.Net.IPAddress.TryParse(inner, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                violations.Add($"{where}: target host '{Shorten(host)}' is not a bracketed IPv6 address (R15)");
            }
        }
        else if (!quad.Success || quad.Groups.Cast<Group>().Skip(1).Any(g => int.Parse(g.Value, CultureInfo.InvariantCulture) > 255))
        {
            violations.Add($"{where}: target host '{Shorten(host)}' is not an IPv4 address (R5)");
        }

        if (!Port.IsMatch(port) || int.Parse(port, CultureInfo.InvariantCulture) > 65535)
        {
            violations.Add($"{where}: target port '{Shorten(port)}' is not a port from 1 to 65535 (R4)");
        }
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string value, int max = 60)
    {
        var visible = value.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
        return visible.Length <= max ? visible : string.Concat(visible.AsSpan(0, max), $"...({value.Length} chars)");
    }
}

/// <summary>A target group as Prometheus would read it from a file.</summary>
internal sealed record ParsedGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
