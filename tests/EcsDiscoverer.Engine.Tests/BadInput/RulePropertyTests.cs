using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Numerics;
using System.Text.Json;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Rules.Conventions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// Property-based tests of the pure rule functions over generated hostile input (see <see cref="BadInputGenerators"/>).
/// Each property states what must hold for every input, with an oracle written apart from the production code.
/// </summary>
public class RulePropertyTests
{
    private static readonly string[] OffWords = { "false", "0", "no", "off" };

    [Fact(DisplayName = "Property R9: a sanitized label name is valid, never reserved, and stable (10,000 cases)")]
    public void LabelNames() => PropertyCheck.Run(10_000, BadInputGenerators.TroubleString, raw =>
    {
        var name = LabelNameRule.Sanitize(raw);
        if (name is null)
        {
            // Dropped only when empty or reserved after the same mapping.
            var mapped = string.Concat(raw.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_'));
            Assert.True(raw.Length == 0 || mapped.StartsWith("__", StringComparison.Ordinal), $"'{raw}' was dropped");
            return;
        }

        Assert.Matches(FileSdInvariant.LabelName, name);
        Assert.False(name.StartsWith("__", StringComparison.Ordinal));
        Assert.Equal(name, LabelNameRule.Sanitize(name));
        Assert.True(LabelNameRule.IsValid(name));
    });

    [Fact(DisplayName = "Property R9: custom labels from any environment have valid, unique, unreserved names and the variables' exact values (3,000 cases)")]
    public void CustomLabels()
    {
        var environments =
            from pairs in Gen.ArrayOf(Gen.Zip(
                Gen.Frequency((3, BadInputGenerators.TroubleString.Select(s => "PROMETHEUS_LABEL_" + s)), (1, BadInputGenerators.TroubleString)),
                BadInputGenerators.TroubleString))
            select pairs.GroupBy(p => p.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal);
        PropertyCheck.Run(3_000, environments, environment =>
        {
            var warnings = new List<string>();
            var labels = CustomLabelRule.Extract(new ContainerKeys(environment, null), new RuleSettings(), warnings);
            var prefixed = environment.Keys.Count(k => k.StartsWith("PROMETHEUS_LABEL_", StringComparison.Ordinal));

            Assert.Equal(prefixed, labels.Count + warnings.Count);
            Assert.Equal(labels.Count, labels.Select(l => l.Key).Distinct(StringComparer.Ordinal).Count());
            foreach (var label in labels)
            {
                Assert.Matches(FileSdInvariant.LabelName, label.Key);
                Assert.False(label.Key.StartsWith("__", StringComparison.Ordinal));
                Assert.Contains(environment, e => e.Key.StartsWith("PROMETHEUS_LABEL_", StringComparison.Ordinal)
                    && LabelNameRule.Sanitize(e.Key.Substring("PROMETHEUS_LABEL_".Length)) == label.Key && e.Value == label.Value);
            }
        });
    }

    [Fact(DisplayName = "Property R6: any PROMETHEUS_ENDPOINT parses to distinct endpoints with trimmed paths starting with / (10,000 cases)")]
    public void EndpointsAlwaysParse() => PropertyCheck.Run(10_000, Gen.OneOf(BadInputGenerators.EndpointList, BadInputGenerators.TroubleString), value =>
    {
        var result = EndpointRule.Parse(value);
        var entries = value.Split(',').Select(e => e.Trim()).Where(e => e.Length > 0).ToList();

        Assert.NotEmpty(result.Endpoints);
        Assert.True(result.Endpoints.Count <= Math.Max(1, entries.Count));
        Assert.Equal(result.Endpoints.Count, result.Endpoints.Distinct().Count());
        Assert.All(result.Endpoints, e =>
        {
            Assert.StartsWith("/", e.Path, StringComparison.Ordinal);
            Assert.Equal(e.Path.Trim(), e.Path);
            Assert.DoesNotContain(",", e.Path, StringComparison.Ordinal);
            Assert.Contains(e.Interval, ScrapeIntervals.All);
        });
        if (entries.Count == 0)
        {
            Assert.Equal(new[] { new ScrapeEndpoint(ScrapeInterval.Generic, "/metrics") }, result.Endpoints);
        }
    });

    [Fact(DisplayName = "Property R6: well-formed entries give exactly the distinct (interval, path) pairs written (5,000 cases)")]
    public void EndpointsModel()
    {
        var entries = Gen.ArrayOf(
            from interval in Gen.Elements("", "15s", "30s", "1m", "5m")
            from path in Gen.Elements("/metrics", "/a", "/b/c", "/x:y", "/ü", "/\"}]")
            select (Interval: interval, Path: path));
        PropertyCheck.Run(5_000, entries, list =>
        {
            var text = string.Join(" , ", list.Select(e => e.Interval.Length == 0 ? e.Path : e.Interval + " : " + e.Path));
            var expected = list.Select(e => (Interval: e.Interval.Length == 0 ? "generic" : e.Interval, e.Path)).Distinct().ToList();
            if (expected.Count == 0)
            {
                expected.Add(("generic", "/metrics"));
            }

            var actual = EndpointRule.Parse(text);
            Assert.Equal(expected, actual.Endpoints.Select(e => (ScrapeIntervals.Name(e.Interval), e.Path)));
            Assert.Empty(actual.Warnings);
        });
    }

    [Fact(DisplayName = "Property R4.1: a port text is accepted only when it is ASCII digits worth 1-65535 (10,000 cases)")]
    public void PortText() => PropertyCheck.Run(10_000, Gen.OneOf(BadInputGenerators.NumberLike, BadInputGenerators.TroubleString), text =>
    {
        var trimmed = text.Trim();
        var isInteger = trimmed.Length > 0 && trimmed.All(c => c is >= '0' and <= '9');
        var expected = isInteger && BigInteger.Parse(trimmed, CultureInfo.InvariantCulture) is var value && value >= 1 && value <= 65535;

        Assert.Equal(expected, PortRule.TryParsePort(text, out var port));
        Assert.Equal(expected ? (int)BigInteger.Parse(trimmed, CultureInfo.InvariantCulture) : 0, port);
    });

    [Property(DisplayName = "Property R4.1: any integer, padded with whitespace and leading zeros, is a port exactly when 1-65535", MaxTest = 10_000)]
    public void PortFromIntegers(int number, byte zeros, bool pad)
    {
        var text = (pad ? " \t" : "") + (number < 0 ? "-" : "") + new string('0', zeros % 4) + Math.Abs((long)number).ToString(CultureInfo.InvariantCulture) + (pad ? "\n" : "");
        var accepted = PortRule.TryParsePort(text, out var port);
        Assert.Equal(number is >= 1 and <= 65535, accepted);
        Assert.Equal(accepted ? number : 0, port);
    }

    [Fact(DisplayName = "Property R4: the port rule gives a port 1-65535 or a skip reason with a detail, for any settings, mappings and bindings (5,000 cases)")]
    public void PortResolve()
    {
        var inputs =
            from facts in BadInputGenerators.Facts
            from port in Gen.Frequency((1, BadInputGenerators.SettingValue), (2, Gen.Constant<string?>(null)))
            from containerPort in Gen.Frequency((1, BadInputGenerators.SettingValue), (1, Gen.Elements<string?>("8080", "9090")), (1, Gen.Constant<string?>(null)))
            select (facts, port, containerPort);
        PropertyCheck.Run(5_000, inputs, input =>
        {
            var definition = input.facts.Definition.ContainerDefinitions!.FirstOrDefault(d => d is not null);
            var container = input.facts.Task.Containers!.FirstOrDefault(c => c is not null);
            var result = PortRule.Resolve(input.port, input.containerPort, NetworkModes.Parse(input.facts.Definition.NetworkMode), definition?.PortMappings, container?.NetworkBindings);
            if (result.Port is { } found)
            {
                Assert.InRange(found, 1, 65535);
                Assert.Null(result.Reason);
            }
            else
            {
                Assert.Contains(result.Reason!.Value, new[] { SkipReason.InvalidPort, SkipReason.ContainerPortNotBound, SkipReason.NoNetworkBinding });
                Assert.False(string.IsNullOrWhiteSpace(result.Detail));
                Assert.True(result.Detail!.Length < 200, "a skip detail quotes a shortened value");
            }
        });
    }

    [Fact(DisplayName = "Property R3: any marker value marks the container unless it is false, 0, no or off (10,000 cases)")]
    public void Marker() => PropertyCheck.Run(10_000, BadInputGenerators.SettingValue, value =>
        Assert.Equal(value is not null && !OffWords.Contains(value.Trim().ToLowerInvariant()), MarkerRule.IsMarked(value)));

    [Fact(DisplayName = "Property R5: an address is accepted only as a dotted IPv4 quad, and comes out canonical (10,000 cases)")]
    public void Addresses()
    {
        var quads = from a in Gen.Choose(0, 300) from b in Gen.Choose(0, 255) from c in Gen.Choose(0, 255) from d in Gen.Choose(0, 300) from pad in Gen.Elements("", " ", "\t")
                    select pad + $"{a}.{b}.{c}.{d}" + pad;
        PropertyCheck.Run(10_000, Gen.OneOf(quads, BadInputGenerators.TroubleString, BadInputGenerators.NumberLike), text =>
        {
            var address = AddressRule.ValidIPv4(text);
            var parts = text.Trim().Split('.');
            var isQuad = parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
            if (isQuad && parts.All(p => p.Length == 1 || p[0] != '0'))
            {
                Assert.Equal(string.Join(".", parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture))), address);
            }

            if (address is not null)
            {
                Assert.True(IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
                Assert.Equal(ip!.ToString(), address);
                Assert.Equal(3, address.Count(c => c == '.'));
            }
        });
    }

    [Fact(DisplayName = "Property R1-R9: any task gives targets that render to files Prometheus accepts, and every marked container a target or a skip reason (5,000 cases)")]
    public void Tasks() => PropertyCheck.Run(5_000, BadInputGenerators.Facts, facts =>
    {
        var evaluation = TaskTargetRule.Evaluate(facts, new RuleSettings());
        FileSdInvariant.AssertHolds(FileSdInvariant.CheckRendered(evaluation.Targets, evaluation.Skipped, out _));

        var running = facts.Task.LastStatus == "RUNNING";
        foreach (var definition in facts.Definition.ContainerDefinitions!.Where(d => d is not null))
        {
            var marked = IsMarked(facts, definition);
            var targets = evaluation.Targets.Count(t => t.ContainerName == definition.Name);
            var skips = evaluation.Skipped.Where(s => s.ContainerName == definition.Name).ToList();
            if (!marked)
            {
                Assert.True(targets == 0 && skips.Count == 0, $"unmarked container {definition.Name} has {targets} targets and {skips.Count} skips");
            }
            else
            {
                // R13.1: a port list may give targets and one skip record for its entries that failed, and the container's
                // address (R5) one more; a container that is neither a target nor skipped would be lost silently.
                Assert.True((targets > 0 || skips.Count > 0) && skips.Count <= 2, $"marked container {definition.Name} has {targets} targets and {skips.Count} skips");
                Assert.True(running || skips.Single().Reason == SkipReason.NotRunning);
            }
        }

        foreach (var target in evaluation.Targets)
        {
            var labels = target.Labels;
            Assert.Equal(facts.Definition.Family ?? "", labels["job"]);
            Assert.Equal(target.MetricsPath, labels["__metrics_path__"]);
            Assert.Equal(target.MetricsPath, labels["metrics_path"]);
            Assert.Equal(labels.ContainsKey("__meta_ecs_task_arn") ? target.Target : facts.Definition.Family ?? "", labels["instance"]);
            Assert.DoesNotContain(labels.Keys, k => k.StartsWith("__", StringComparison.Ordinal) && !FileSdInvariant.AllowedReservedLabels.Contains(k));
        }
    });

    [Fact(DisplayName = "Property output: any groups render to valid file_sd JSON whose labels read back unchanged (lone surrogates as U+FFFD) (3,000 cases)")]
    public void Rendering()
    {
        var groups = Gen.ArrayOf(
            from interval in Gen.Elements(ScrapeIntervals.All.ToArray())
            from a in Gen.Choose(0, 255)
            from port in Gen.Choose(1, 65535)
            from values in Gen.ArrayOf(BadInputGenerators.TroubleString)
            select new FileSdGroup(
                interval,
                $"10.0.{a}.1:{port}",
                values.FirstOrDefault() ?? "",
                "/" + (values.LastOrDefault() ?? ""),
                values.Select((v, i) => (Name: "l" + i.ToString(CultureInfo.InvariantCulture), Value: v))
                    .Append(("__metrics_path__", "/" + (values.LastOrDefault() ?? "")))
                    .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal)));
        PropertyCheck.Run(3_000, groups, list =>
        {
            var files = FileSdRenderer.Render(list);
            FileSdInvariant.AssertHolds(FileSdInvariant.CheckFiles(files));
            var read = files.SelectMany(f => FileSdInvariant.Groups(f.FileName, f.Content)).ToList();
            Assert.Equal(list.Length, read.Count);
            var expected = list.Select(g => Key(g.Target, g.Labels.ToDictionary(l => l.Key, l => WellFormed(l.Value)))).OrderBy(k => k, StringComparer.Ordinal);
            Assert.Equal(expected, read.Select(g => Key(g.Targets.Single(), g.Labels)).OrderBy(k => k, StringComparer.Ordinal));

            // The same groups in any order give the same bytes.
            var again = FileSdRenderer.Render(list.Reverse());
            Assert.Equal(files.Select(f => Convert.ToBase64String(f.Content)), again.Select(f => Convert.ToBase64String(f.Content)));
        });
    }

    [Fact(DisplayName = "Property output: groups that tie on job, target and path render the same bytes in any input order (2,000 cases)")]
    public void RenderingOrder()
    {
        // Values over a tiny alphabet that includes the label names and the characters a joined string key would use as
        // separators; each group comes with its "twin", which a joined key ("a=v1\0b=v2") cannot tell from it.
        var value = Gen.ArrayOf(Gen.Elements('x', 'b', '=', '\0', ',')).Select(chars => new string(chars));
        var twins =
            from v1 in value
            from v2 in value
            select new[]
            {
                new FileSdGroup(ScrapeInterval.Generic, "10.0.0.1:80", "web", "/metrics", new Dictionary<string, string> { ["a"] = v1 + "\0b=" + v2 }),
                new FileSdGroup(ScrapeInterval.Generic, "10.0.0.1:80", "web", "/metrics", new Dictionary<string, string> { ["a"] = v1, ["b"] = v2 }),
            };
        var inputs =
            from pairs in Gen.ArrayOf(twins)
            let groups = pairs.SelectMany(p => p).ToArray()
            from shuffled in Gen.Shuffle(groups)
            select (groups, shuffled);
        PropertyCheck.Run(2_000, inputs, input =>
        {
            var files = FileSdRenderer.Render(input.groups);
            var again = FileSdRenderer.Render(input.shuffled);
            Assert.Equal(files.Select(f => Convert.ToBase64String(f.Content)), again.Select(f => Convert.ToBase64String(f.Content)));
        });
    }

    [Fact(DisplayName = "Property ARNs: the id is the last segment of old and new formats in every partition (2,000 cases)")]
    public void Arns() => PropertyCheck.Run(2_000, BadInputGenerators.Arn, arn =>
    {
        var id = arn.Substring(arn.LastIndexOf('/') + 1);
        Assert.Equal(id, ArnParts.LastSegment(arn));
        Assert.DoesNotContain("/", ArnParts.LastSegment(arn), StringComparison.Ordinal);
        var region = arn.Split(':')[3];
        var cluster = $"arn:{arn.Split(':')[1]}:ecs:{region}:123456789012:cluster/{id}";
        Assert.Equal(id, ArnParts.ClusterName(cluster));
    });

    /// <summary>The last PROMETHEUS of the definition, then of the container's overrides, as R2 and R3 say.</summary>
    private static bool IsMarked(TaskFacts facts, EcsContainerDefinition definition)
    {
        string? value = null;
        var overrides = facts.Task.Overrides?.ContainerOverrides?.Where(o => o is not null && o.Name == definition.Name).SelectMany(o => o.Environment ?? new List<EcsKeyValue>())
            ?? Enumerable.Empty<EcsKeyValue>();
        foreach (var variable in (definition.Environment ?? new List<EcsKeyValue>()).Concat(overrides))
        {
            if (variable?.Name == "PROMETHEUS")
            {
                value = variable.Value ?? "";
            }
        }

        return value is not null && !OffWords.Contains(value.Trim().ToLowerInvariant());
    }

    private static string Key(string target, IReadOnlyDictionary<string, string> labels) =>
        target + "|" + JsonSerializer.Serialize(labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new[] { l.Key, l.Value }));

    private static string WellFormed(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
