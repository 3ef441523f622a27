using System.Linq;
using System.Text.Json.Nodes;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Rules;
using static EcsDiscoverer.Engine.Tests.BadInput.CaseShapes;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>The settings read from a container's environment (R3, R4, R6, R8, R9) and their overrides (R2).</summary>
internal static partial class BadInputCorpus
{
    /// <summary>
    /// A task definition whose JSON carries an escaped lone surrogate is not text: the client cannot read the response,
    /// so its tasks are skipped as task-definition-unavailable, and the other task definitions are not affected.
    /// </summary>
    private static CaseExpectation Unreadable => CaseExpectation.Skip(SkipReason.TaskDefinitionUnavailable);

    private static void AddMarker(CategoryBuilder cases)
    {
        // R3: any value marks, except false/0/no/off in any case.
        foreach (var (name, value) in HostileText.Values)
        {
            cases.Bridge($"R3: PROMETHEUS={name} marks the container", HostileText.IsLoneSurrogate(value) ? Unreadable : CaseExpectation.Target(), Env(("PROMETHEUS", value)));
        }

        foreach (var off in new[] { "false", "FALSE", " Off ", "0", "no", "NO", "\tfalse\n" })
        {
            cases.Bridge($"R3: PROMETHEUS='{off.Trim()}' means off", CaseExpectation.Unmarked(), Env(("PROMETHEUS", off)));
        }

        foreach (var on in new[] { "true", "yes", "1", "00", "false\0", "nope", "offline", "0.0" })
        {
            cases.Bridge($"R3: PROMETHEUS='{Visible(on)}' marks the container", CaseExpectation.Target(), Env(("PROMETHEUS", on)));
        }

        cases.Bridge("R3: PROMETHEUS with a null value exists, so it marks", CaseExpectation.Target(), Env(("PROMETHEUS", null)));
        cases.Bridge("R3: the variable name is case-sensitive (prometheus=true does not mark)", CaseExpectation.Unmarked(), Env(("prometheus", "true")));
        cases.Bridge("R3: 'PROMETHEUS ' with a trailing space is another variable", CaseExpectation.Unmarked(), Env(("PROMETHEUS ", "true")));
        cases.Bridge("R3: a later duplicate PROMETHEUS=false wins, as Docker applies them", CaseExpectation.Unmarked(), Env(("PROMETHEUS", "true"), ("PROMETHEUS", "false")));
        cases.Bridge("R3: an environment entry without a name is ignored", CaseExpectation.Target(), MarkedEnv((null!, "orphan")));
    }

    private static void AddPort(CategoryBuilder cases)
    {
        // R4.1: an integer 1-65535 with surrounding whitespace only; anything else is invalid-port.
        foreach (var (value, port) in new (string, int)[] { ("9100", 9100), (" 9100 ", 9100), ("65535", 65535), ("1", 1), ("80\n", 80), ("\u00A09100\u2003", 9100) })
        {
            cases.Bridge($"R4.1: PROMETHEUS_PORT='{value.Trim()}' (with its whitespace) is port {port}", CaseExpectation.Target(port), MarkedEnv(("PROMETHEUS_PORT", value)));
        }

        var invalid = new[]
        {
            "0", "-1", "65536", "70000", "99999999999999999999", "9100.0", "0x50", "+80", "\uFF18\uFF10", "\u0668\u0660", "80\0", "1e3", "'80'", "8 0",
            new string('9', HostileText.HugeLength),
        };
        foreach (var value in invalid)
        {
            cases.Bridge($"R4.1: PROMETHEUS_PORT='{Visible(value)}' is invalid-port", CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(("PROMETHEUS_PORT", value)));
        }

        foreach (var (name, value) in HostileText.Values)
        {
            cases.Bridge($"R4.1: PROMETHEUS_PORT={name} is invalid-port", HostileText.IsLoneSurrogate(value) ? Unreadable : CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(("PROMETHEUS_PORT", value)));
        }

        cases.Bridge("R4.1: PROMETHEUS_PORT with a null value is set and empty: invalid-port", CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(("PROMETHEUS_PORT", null)));
        cases.Fargate("R4.1: PROMETHEUS_PORT wins in awsvpc mode too", CaseExpectation.Target(9100, FargateIp), MarkedEnv(("PROMETHEUS_PORT", "9100")));
    }

    private static void AddContainerPort(CategoryBuilder cases)
    {
        // R4.3 in bridge mode: 8080 -> 32768, 9090 -> 32769 (published on 0.0.0.0 and ::).
        void WithTwoPorts(JsonObject task) => task["containers"]![0]!["networkBindings"] = new JsonArray(
            Binding(8080, 32768), Binding(8080, 32768, "::"), Binding(9090, 32769, "::"), Binding(9090, 32769));

        foreach (var (value, port) in new (string, int)[] { ("9090", 32769), (" 9090 ", 32769), ("8080", 32768) })
        {
            cases.Bridge($"R4.3: PROMETHEUS_CONTAINER_PORT='{value.Trim()}' scrapes its host binding {port} (IPv4 preferred)", CaseExpectation.Target(port), MarkedEnv(("PROMETHEUS_CONTAINER_PORT", value)), editTask: WithTwoPorts);
        }

        cases.Bridge("R4.3: PROMETHEUS_CONTAINER_PORT=7000 has no binding: container-port-not-bound", CaseExpectation.Skip(SkipReason.ContainerPortNotBound), MarkedEnv(("PROMETHEUS_CONTAINER_PORT", "7000")), editTask: WithTwoPorts);
        foreach (var value in new[] { "0", "70000", "abc", "9090/tcp", "-9090", "9090\0" })
        {
            cases.Bridge($"R4.3: PROMETHEUS_CONTAINER_PORT='{Visible(value)}' is invalid-port", CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(("PROMETHEUS_CONTAINER_PORT", value)), editTask: WithTwoPorts);
        }

        foreach (var (name, value) in HostileText.Values)
        {
            cases.Bridge($"R4.3: PROMETHEUS_CONTAINER_PORT={name} is invalid-port", HostileText.IsLoneSurrogate(value) ? Unreadable : CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(("PROMETHEUS_CONTAINER_PORT", value)), editTask: WithTwoPorts);
        }

        cases.Bridge("R4.3/R4: the matching binding has host port 0: no-network-binding", CaseExpectation.Skip(SkipReason.NoNetworkBinding), MarkedEnv(("PROMETHEUS_CONTAINER_PORT", "9090")),
            editTask: t => t["containers"]![0]!["networkBindings"] = new JsonArray(Binding(9090, 0)));
        cases.Bridge("R4: PROMETHEUS_PORT comes first, so a bad PROMETHEUS_CONTAINER_PORT is not read", CaseExpectation.Target(9100), MarkedEnv(("PROMETHEUS_PORT", "9100"), ("PROMETHEUS_CONTAINER_PORT", HostileText.JsonFragment)));
        cases.Fargate("R4.2: awsvpc takes the first port mapping; PROMETHEUS_CONTAINER_PORT is a bridge setting", CaseExpectation.Target(8080, FargateIp), MarkedEnv(("PROMETHEUS_CONTAINER_PORT", HostileText.GroupInjection)));
    }

    private static void AddEndpoint(CategoryBuilder cases)
    {
        void Endpoint(string description, string? value, params string[] endpoints) =>
            cases.Bridge($"R6: {description}", CaseExpectation.Target(HostPort, HostIp, endpoints), MarkedEnv(("PROMETHEUS_ENDPOINT", value)));
        void Warned(string description, string? value, string warning, params string[] endpoints) =>
            cases.Bridge($"R6: {description}", CaseExpectation.Target(HostPort, HostIp, endpoints).Warns(warning), MarkedEnv(("PROMETHEUS_ENDPOINT", value)));

        Endpoint("empty gives the fallback /metrics", "", "generic:/metrics");
        Endpoint("null gives the fallback /metrics", null, "generic:/metrics");
        Endpoint("whitespace gives the fallback", HostileText.Values.First(v => v.Name == "whitespace").Value, "generic:/metrics");
        Endpoint("only commas give the fallback", ",", "generic:/metrics");
        Endpoint("64 KiB of commas and spaces give the fallback", string.Concat(Enumerable.Repeat(", ", HostileText.HugeLength / 2)), "generic:/metrics");
        Endpoint("a path without / gets one", "m", "generic:/m");
        Endpoint("an interval and a path", "30s:/m", "30s:/m");
        Endpoint("whitespace around entries and parts is trimmed", " 5m : /x , 15s:/y ", "5m:/x", "15s:/y");
        Endpoint("an interval without a path takes the fallback path", "15s:", "15s:/metrics");
        Endpoint("the same path with two intervals gives two targets", "5m:/a,30s:/a", "5m:/a", "30s:/a");
        Endpoint("the same (interval, path) twice gives one", "1m:/a,1m:/a,/a,/a", "1m:/a", "generic:/a");
        Endpoint("a colon after a path is part of the path", "/a:b", "generic:/a:b");
        Endpoint("a query string stays in the path", "?x=1&y=2", "generic:/?x=1&y=2");
        Endpoint("a fragment stays in the path", "#frag", "generic:/#frag");
        Endpoint("a double slash is a path, not a host", "//evil.example/x", "generic://evil.example/x");
        Endpoint("a huge path (64 KiB)", HostileText.Huge(), "generic:/" + HostileText.Huge());
        Endpoint("1,000 entries give 1,000 targets in the 30s file", string.Join(",", Enumerable.Range(0, 1000).Select(i => $"30s:/p{i}")), Enumerable.Range(0, 1000).Select(i => $"30s:/p{i}").ToArray());
        Endpoint("right-to-left text in a path", HostileText.RightToLeft, "generic:/" + HostileText.RightToLeft);
        Endpoint("emoji in a path", HostileText.Emoji, "generic:/" + HostileText.Emoji);
        Endpoint("NUL in a path", HostileText.Nul, "generic:/" + HostileText.Nul);
        Endpoint("quotes in a path", HostileText.Quote, "generic:/" + HostileText.Quote);
        Endpoint("newlines inside a path are kept (trimming is at the ends)", HostileText.Newlines, "generic:/" + HostileText.Newlines);
        Endpoint("a JSON fragment in a path", HostileText.JsonFragment, "generic:/" + HostileText.JsonFragment);
        Warned("30S is not an interval (exact names only): generic, with a warning", "30S:/m", "unknown scrape interval '30S'", "generic:/m");
        Warned("10m is not an interval: generic, with a warning, no file of its own", "10m:/x", "unknown scrape interval '10m'", "generic:/x");
        Warned("an empty interval is unknown", ":/x", "unknown scrape interval ''", "generic:/x");
        Warned("a lone colon: unknown interval, fallback path", ":", "unknown scrape interval ''", "generic:/metrics");
        Warned("an URL: 'http' is an unknown interval, the rest is a path", "http://evil.example:9/x", "unknown scrape interval 'http'", "generic://evil.example:9/x");
        Warned("backslashes: 'C' before the colon is an unknown interval", HostileText.Backslash, "unknown scrape interval 'C'", "generic:/\\temp\\x\\");
        Warned(
            "a target-group injection splits at commas into four harmless paths",
            HostileText.GroupInjection,
            "unknown scrape interval '{\"targets\"'",
            "generic:/\"}}",
            "generic:/[\"6.6.6.6:666\"]",
            "generic:/{\"__address__\":\"6.6.6.6:666\"",
            "generic:/\"https\"}}]");
        cases.Bridge("R6: a lone surrogate", Unreadable, MarkedEnv(("PROMETHEUS_ENDPOINT", HostileText.LoneSurrogateToken)));
    }

    private static void AddNoLabels(CategoryBuilder cases)
    {
        foreach (var value in new[] { "true", "TRUE", " true ", "True" })
        {
            cases.Bridge($"R8: PROMETHEUS_NOLABELS='{value}' leaves the minimal labels, instance = family",
                CaseExpectation.Target().LabelNames(MinimalLabels).Label("__metrics_path__", "/metrics").LabelIsCaseId("instance").LabelIsCaseId("job"), MarkedEnv(("PROMETHEUS_NOLABELS", value)));
        }

        foreach (var value in new[] { "yes", "1", "false", "truee", "true\0", "t rue" })
        {
            cases.Bridge($"R8: PROMETHEUS_NOLABELS='{Visible(value)}' is not true: all labels",
                CaseExpectation.Target().LabelNames(FullLabels).Label("instance", $"{HostIp}:{HostPort}"), MarkedEnv(("PROMETHEUS_NOLABELS", value)));
        }

        foreach (var (name, value) in HostileText.Values)
        {
            cases.Bridge($"R8: PROMETHEUS_NOLABELS={name} is not true: all labels",
                HostileText.IsLoneSurrogate(value) ? Unreadable : CaseExpectation.Target().LabelNames(FullLabels), MarkedEnv(("PROMETHEUS_NOLABELS", value)));
        }

        cases.Bridge("R8+R9: NOLABELS keeps custom labels",
            CaseExpectation.Target().LabelNames(MinimalLabels.Append("team").ToArray()).Label("team", "payments"),
            MarkedEnv(("PROMETHEUS_NOLABELS", "true"), ("PROMETHEUS_LABEL_team", "payments")));
        cases.Bridge("R8+R9: under NOLABELS a custom 'instance' label does not replace the family",
            CaseExpectation.Target().LabelNames(MinimalLabels).LabelIsCaseId("instance"),
            MarkedEnv(("PROMETHEUS_NOLABELS", "true"), ("PROMETHEUS_LABEL_instance", "6.6.6.6:666")));
    }

    private static void AddLabelNames(CategoryBuilder cases)
    {
        void Kept(string raw, string name) =>
            cases.Bridge($"R9: PROMETHEUS_LABEL_{Visible(raw)} becomes the label '{Visible(name)}'",
                CaseExpectation.Target().LabelNames(FullLabels.Append(name).ToArray()).Label(name, "v"), MarkedEnv(("PROMETHEUS_LABEL_" + raw, "v")));
        void Dropped(string raw) =>
            cases.Bridge($"R9: PROMETHEUS_LABEL_{Visible(raw)} gives no valid name: dropped with a warning",
                CaseExpectation.Target().LabelNames(FullLabels).Label("__metrics_path__", "/metrics").Warns("gives no valid label name"), MarkedEnv(("PROMETHEUS_LABEL_" + raw, "v")));
        void Kept7(string label, string? value) =>
            cases.Bridge($"R9: PROMETHEUS_LABEL_{label} never replaces the R7 label '{label}'",
                value is null ? CaseExpectation.Target().LabelNames(FullLabels).LabelIsCaseId(label) : CaseExpectation.Target().LabelNames(FullLabels).Label(label, value),
                MarkedEnv(("PROMETHEUS_LABEL_" + label, "6.6.6.6:666")));

        Kept("api_type", "api_type");
        Kept("API-Type", "api_type");
        Kept("_address__", "_address__");
        Kept("1abc", "_1abc");
        Kept("\u00FCn\u00EF", "_n_");
        Kept("a\"b", "a_b");
        Kept("a\nb", "a_b");
        Kept("a}]b", "a__b");
        Kept("\0", "_");
        Kept("\u202Eab", "_ab");
        Kept("\u03A9mega", "_mega");
        Kept(HostileText.Huge(), HostileText.Huge());
        foreach (var raw in new[] { "", "__address__", "__ADDRESS__", "__metrics_path__", "__scheme__", "__param_target", "__scrape_interval__", "__meta_ecs_cluster_arn", "__name__", "-_address__", HostileText.Emoji, HostileText.JsonFragment, HostileText.GroupInjection })
        {
            Dropped(raw);
        }

        Kept7("job", null);
        Kept7("instance", $"{HostIp}:{HostPort}");
        Kept7("metrics_path", "/metrics");
        Kept7("cluster", MainCluster);
        Kept7("task_id", null);
        cases.Bridge("R9: two variables that give the same name: the first in ordinal order wins, with a warning",
            CaseExpectation.Target().Label("team", "upper").Warns("that another variable already set"),
            MarkedEnv(("PROMETHEUS_LABEL_team", "lower"), ("PROMETHEUS_LABEL_Team", "upper")));
        cases.Bridge("R9: the prefix is case-sensitive (prometheus_label_x is not a label)",
            CaseExpectation.Target().LabelNames(FullLabels), MarkedEnv(("prometheus_label_x", "v")));
        cases.Bridge("R9: a lone surrogate in a label name", Unreadable, MarkedEnv(("PROMETHEUS_LABEL_a" + HostileText.LoneSurrogateToken, "v")));
    }

    private static void AddLabelValues(CategoryBuilder cases)
    {
        foreach (var (name, value) in HostileText.Values)
        {
            cases.Bridge($"R9: a label value that is {name} is kept byte for byte",
                HostileText.IsLoneSurrogate(value) ? Unreadable : CaseExpectation.Target().Label("v", value), MarkedEnv(("PROMETHEUS_LABEL_v", value)));
        }

        cases.Bridge("R9: a null label value is the empty string", CaseExpectation.Target().Label("v", ""), MarkedEnv(("PROMETHEUS_LABEL_v", null)));
        cases.Bridge("R9: twenty 64 KiB label values on one target",
            CaseExpectation.Target().Label("v19", HostileText.Huge('z')),
            MarkedEnv(Enumerable.Range(0, 20).Select(i => ("PROMETHEUS_LABEL_v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)HostileText.Huge('z'))).ToArray()));
    }

    private static void AddOverrides(CategoryBuilder cases)
    {
        static System.Action<JsonObject> Override(JsonNode? environment, string container = ContainerName) => task =>
            task["overrides"] = new JsonObject { ["containerOverrides"] = new JsonArray(new JsonObject { ["name"] = container, ["environment"] = environment }) };

        cases.Bridge("R2: an override marks a container the definition does not", CaseExpectation.Target(), Env(("OTHER", "x")), editTask: Override(Env(("PROMETHEUS", "true"))));
        cases.Bridge("R2: an override PROMETHEUS=false unmarks it", CaseExpectation.Unmarked(), MarkedEnv(), editTask: Override(Env(("PROMETHEUS", "false"))));
        cases.Bridge("R2: an override PROMETHEUS_PORT wins over the definition's", CaseExpectation.Target(9100), MarkedEnv(("PROMETHEUS_PORT", "9200")), editTask: Override(Env(("PROMETHEUS_PORT", "9100"))));
        cases.Bridge("R2: an override PROMETHEUS_PORT=70000 is invalid-port", CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(), editTask: Override(Env(("PROMETHEUS_PORT", "70000"))));
        cases.Bridge("R2: an override PROMETHEUS_PORT=null is set and empty: invalid-port", CaseExpectation.Skip(SkipReason.InvalidPort), MarkedEnv(("PROMETHEUS_PORT", "9100")), editTask: Override(Env(("PROMETHEUS_PORT", null))));
        cases.Bridge("R2: an override label value with a target-group injection", CaseExpectation.Target().Label("v", HostileText.GroupInjection), MarkedEnv(), editTask: Override(Env(("PROMETHEUS_LABEL_v", HostileText.GroupInjection))));
        cases.Bridge("R2: an override of a differently-cased container name does not apply", CaseExpectation.Target(), MarkedEnv(), editTask: Override(Env(("PROMETHEUS", "false")), "App"));
        cases.Bridge("R2: an override entry without a name is ignored", CaseExpectation.Target(), MarkedEnv(), editTask: t => t["overrides"] = new JsonObject
        {
            ["containerOverrides"] = new JsonArray(new JsonObject { ["environment"] = Env(("PROMETHEUS", "false")) }),
        });
        cases.Bridge("R2: an override with a null environment", CaseExpectation.Target(), MarkedEnv(), editTask: Override(null));
        cases.Bridge("R2: an override environment entry without a name", CaseExpectation.Target(), MarkedEnv(), editTask: Override(Env((null!, "false"))));
        cases.Bridge("R2: overrides null", CaseExpectation.Target(), MarkedEnv(), editTask: t => t["overrides"] = null);
        cases.Bridge("R2: overrides {}", CaseExpectation.Target(), MarkedEnv(), editTask: t => t["overrides"] = new JsonObject());
        cases.Bridge("R2: containerOverrides []", CaseExpectation.Target(), MarkedEnv(), editTask: t => t["overrides"] = new JsonObject { ["containerOverrides"] = new JsonArray() });
        cases.Bridge("R2: containerOverrides [null]", CaseExpectation.Target(), MarkedEnv(), editTask: t => t["overrides"] = new JsonObject { ["containerOverrides"] = new JsonArray((JsonNode?)null) });
        cases.Bridge("R2: a lone surrogate in a task override fails its DescribeTasks call: its cluster alone",
            CaseExpectation.ClusterFails(AwsErrorClassifier.UnexpectedResponse), MarkedEnv(), editTask: Override(Env(("PROMETHEUS_LABEL_v", HostileText.LoneSurrogateToken))), cluster: "malformed-{id}");
    }

    /// <summary>The value as a test name can show it: short, ASCII, control characters escaped.</summary>
    private static string Visible(string value) =>
        value.Length > 40
            ? $"<{value.Length} chars>"
            : string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));
}
