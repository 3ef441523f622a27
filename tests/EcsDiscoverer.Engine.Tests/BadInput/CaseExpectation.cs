using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>What one corpus case must give, as a list of checks that each name what they expected.</summary>
internal sealed class CaseExpectation
{
    private readonly List<(string Description, Func<CaseOutcome, string?> Check)> _checks = new();

    private CaseExpectation()
    {
    }

    public string Summary => string.Join("; ", _checks.Select(c => c.Description));

    /// <summary>
    /// Targets at <paramref name="host"/>:<paramref name="port"/>, one per endpoint <c>interval:path</c>
    /// (default <c>generic:/metrics</c>), no skips, no failure.
    /// </summary>
    public static CaseExpectation Target(int port = BadInputCorpus.HostPort, string host = BadInputCorpus.HostIp, params string[] endpoints)
    {
        var expected = (endpoints.Length == 0 ? new[] { "generic:/metrics" } : endpoints)
            .Select(e => (Interval: e.Substring(0, e.IndexOf(':', StringComparison.Ordinal)), Path: e.Substring(e.IndexOf(':', StringComparison.Ordinal) + 1)))
            .OrderBy(e => e.Interval, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        var expectation = new CaseExpectation();
        var shown = string.Join(", ", expected.Select(e => e.Interval + ":" + Shorten(e.Path)));
        expectation.Add($"targets {host}:{port} for [{shown}]", outcome =>
        {
            if (outcome.Failure is not null)
            {
                return $"the cluster failed: {outcome.Failure.Error.Message}";
            }

            if (outcome.Skipped.Count > 0)
            {
                return "skipped: " + string.Join(", ", outcome.Skipped.Select(s => SkipReasons.Name(s.Reason) + " (" + s.Detail + ")"));
            }

            var actual = outcome.Targets
                .Select(t => (Interval: ScrapeIntervals.Name(t.Interval), Path: t.MetricsPath))
                .OrderBy(e => e.Interval, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal)
                .ToList();
            if (!actual.SequenceEqual(expected))
            {
                return $"endpoints were [{string.Join(", ", actual.Select(e => e.Interval + ":" + Shorten(e.Path)))}]";
            }

            var wrongAddress = outcome.Targets.FirstOrDefault(t => t.Target != $"{host}:{port}");
            if (wrongAddress is not null)
            {
                return $"target was {wrongAddress.Target}";
            }

            if (outcome.Groups.Count != expected.Count || outcome.Groups.Any(g => !g.Group.Targets.SequenceEqual(new[] { $"{host}:{port}" })))
            {
                return $"the rendered files hold {outcome.Groups.Count} group(s) with targets [{string.Join(", ", outcome.Groups.SelectMany(g => g.Group.Targets))}]";
            }

            // Each group is in the file of its interval (R6): compare (file, path) pairs as multisets.
            var expectedFiles = expected.Select(e => OutputFileNames.Default.Of(Parse(e.Interval)) + "\u0000" + e.Path).OrderBy(x => x, StringComparer.Ordinal);
            var actualFiles = outcome.Groups.Select(g => g.File + "\u0000" + g.Group.Labels.GetValueOrDefault("__metrics_path__", "")).OrderBy(x => x, StringComparer.Ordinal);
            return expectedFiles.SequenceEqual(actualFiles)
                ? null
                : "the groups are in the files [" + string.Join(", ", outcome.Groups.Select(g => g.File + ":" + Shorten(g.Group.Labels.GetValueOrDefault("__metrics_path__", "")))) + "]";
        });
        return expectation;
    }

    /// <summary>No target; exactly one skip record, with <paramref name="reason"/>.</summary>
    public static CaseExpectation Skip(SkipReason reason)
    {
        var expectation = new CaseExpectation();
        expectation.Add($"skipped as {SkipReasons.Name(reason)}", outcome =>
            outcome.Failure is not null ? $"the cluster failed: {outcome.Failure.Error.Message}"
            : outcome.Targets.Count > 0 ? $"{outcome.Targets.Count} target(s), e.g. {outcome.Targets[0].Target}{outcome.Targets[0].MetricsPath}"
            : outcome.Skipped.Count != 1 ? $"{outcome.Skipped.Count} skip records: {string.Join(", ", outcome.Skipped.Select(s => SkipReasons.Name(s.Reason)))}"
            : outcome.Skipped[0].Reason != reason ? $"skipped as {SkipReasons.Name(outcome.Skipped[0].Reason)} ({outcome.Skipped[0].Detail})"
            : null);
        return expectation;
    }

    /// <summary>Not a target and not reported: the container is not marked (R3).</summary>
    public static CaseExpectation Unmarked()
    {
        var expectation = new CaseExpectation();
        expectation.Add("not marked: no target, no skip record", outcome =>
            outcome.Failure is not null ? $"the cluster failed: {outcome.Failure.Error.Message}"
            : outcome.Targets.Count > 0 ? $"{outcome.Targets.Count} target(s)"
            : outcome.Skipped.Count > 0 ? "skipped as " + SkipReasons.Name(outcome.Skipped[0].Reason)
            : null);
        return expectation;
    }

    /// <summary>
    /// The response does not follow the ECS API model, so the call fails with <paramref name="errorCode"/>: the case's
    /// own cluster is reported as failed (and keeps its last good targets in the loop); discovery goes on.
    /// </summary>
    public static CaseExpectation ClusterFails(string errorCode)
    {
        var expectation = new CaseExpectation();
        expectation.Add($"its cluster fails with {errorCode}", outcome =>
            outcome.Failure is null ? $"the cluster did not fail ({outcome.Targets.Count} targets, {outcome.Skipped.Count} skips)"
            : outcome.Failure.Error is not AwsApiException api ? $"the cluster failed with {outcome.Failure.Error.GetType().Name}: {outcome.Failure.Error.Message}"
            : api.ErrorCode != errorCode ? $"the cluster failed with {api.ErrorCode}: {api.Message}"
            : null);
        return expectation;
    }

    /// <summary>Every rendered group has the label with exactly this value.</summary>
    public CaseExpectation Label(string name, string value) =>
        Add($"label {name}={Shorten(value)}", outcome =>
            outcome.Groups.Count == 0 ? "no groups"
            : outcome.Groups.Select(g => g.Group.Labels.TryGetValue(name, out var v) ? v : null).FirstOrDefault(v => v != value) is { } wrong
                ? $"label {name} was '{Shorten(wrong)}'"
            : outcome.Groups.Any(g => !g.Group.Labels.ContainsKey(name)) ? $"label {name} is missing"
            : null);

    /// <summary>Every rendered group has the label with the case id as its value (the id is the family and the task id).</summary>
    public CaseExpectation LabelIsCaseId(string name) => LabelFromCase(name, c => c.Id);

    /// <summary>Every rendered group has the label with a value made from the case (its id, its ARNs).</summary>
    public CaseExpectation LabelFromCase(string name, Func<CorpusCase, string> value) =>
        Add($"label {name} from the case", outcome =>
        {
            var expected = value(outcome.Case);
            return outcome.Groups.Count == 0 ? "no groups"
                : outcome.Groups.FirstOrDefault(g => !g.Group.Labels.TryGetValue(name, out var v) || v != expected).Group is { } group
                    ? $"label {name} was '{(group.Labels.TryGetValue(name, out var v) ? Shorten(v) : "(missing)")}', not '{Shorten(expected)}'"
                : null;
        });

    /// <summary>No rendered group has the label.</summary>
    public CaseExpectation NoLabel(string name) =>
        Add($"no label {name}", outcome =>
            outcome.Groups.FirstOrDefault(g => g.Group.Labels.ContainsKey(name)).Group is { } group ? $"label {name}='{Shorten(group.Labels[name])}'" : null);

    /// <summary>Every rendered group has exactly these label names.</summary>
    public CaseExpectation LabelNames(params string[] names) =>
        Add($"exactly the labels {string.Join(", ", names)}", outcome =>
            outcome.Groups.FirstOrDefault(g => !g.Group.Labels.Keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(names.OrderBy(k => k, StringComparer.Ordinal))).Group is { } group
                ? "labels were " + string.Join(", ", group.Labels.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => Shorten(k)))
                : null);

    /// <summary>A warning naming the task mentions <paramref name="fragment"/>.</summary>
    public CaseExpectation Warns(string fragment) =>
        Add($"warns about '{fragment}'", outcome =>
            outcome.Warnings.Any(w => w.Contains(fragment, StringComparison.Ordinal)) ? null
            : $"warnings were [{string.Join(" | ", outcome.Warnings.Select(w => Shorten(w, 120)))}]");

    /// <summary>The failure message says where the response went wrong.</summary>
    public CaseExpectation FailureMentions(string fragment) =>
        Add($"the failure mentions '{fragment}'", outcome =>
            outcome.Failure?.Error.Message.Contains(fragment, StringComparison.Ordinal) == true ? null : $"the failure was '{outcome.Failure?.Error.Message}'");

    /// <summary>The problems of the outcome against this expectation, including invariant violations; empty when it is met.</summary>
    public IEnumerable<string> Problems(CaseOutcome outcome)
    {
        foreach (var violation in outcome.Violations)
        {
            yield return "invariant: " + violation;
        }

        foreach (var (description, check) in _checks)
        {
            if (check(outcome) is { } problem)
            {
                yield return $"expected {description}, but {problem}";
            }
        }
    }

    private CaseExpectation Add(string description, Func<CaseOutcome, string?> check)
    {
        _checks.Add((description, check));
        return this;
    }

    private static ScrapeInterval Parse(string name) => ScrapeIntervals.TryParse(name, out var interval) ? interval : ScrapeInterval.Generic;

    private static string Shorten(string value, int max = 40)
    {
        var visible = value.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
        return visible.Length <= max ? visible : string.Concat(visible.AsSpan(0, max), $"...({value.Length} chars)");
    }
}
