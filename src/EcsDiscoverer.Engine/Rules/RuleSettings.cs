using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Rules.Conventions;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>The configurable parts of the rules; the defaults are those of discovery-rules.md.</summary>
public sealed class RuleSettings
{
    private IReadOnlyList<MarkerConvention>? _selected;
    private IReadOnlyList<string> _conventions = MarkerConventions.DefaultNames;
    private string _marker = MarkerConventions.DefaultPromEdMarker;
    private MarkerSource _markerType = MarkerSource.Environment;

    /// <summary>The marking conventions, by name (R13); default <c>prometheus</c> and <c>promed</c>.</summary>
    public IReadOnlyList<string> Conventions
    {
        get => _conventions;
        set
        {
            _conventions = value ?? MarkerConventions.DefaultNames;
            _selected = null;
        }
    }

    /// <summary>PromED 3.x's <c>MARKER</c>: the key of the <c>promed</c> convention, whose value <c>true</c> marks (R13).</summary>
    public string Marker
    {
        get => _marker;
        set
        {
            _marker = value ?? MarkerConventions.DefaultPromEdMarker;
            _selected = null;
        }
    }

    /// <summary>PromED 3.x's <c>MARKER_TYPE</c>: where the <c>promed</c> convention's keys are.</summary>
    public MarkerSource MarkerType
    {
        get => _markerType;
        set
        {
            _markerType = value;
            _selected = null;
        }
    }

    /// <summary>The metrics path when <c>PROMETHEUS_ENDPOINT</c> is unset or empty (R6).</summary>
    public string FallbackMetricsPath { get; set; } = EndpointRule.DefaultMetricsPath;

    /// <summary><c>TAGS_TO_LABELS</c>: the task and task-definition tag keys that become visible labels, <c>*</c> for all (R16).</summary>
    public IReadOnlyList<string> TagsToLabels { get; set; } = Array.Empty<string>();

    /// <summary>
    /// <c>SCOPE_LABELS</c>: every group also carries the visible labels <c>account_id</c> and <c>region</c> (R17), so
    /// that a fleet's clusters of the same name in several accounts or regions stay apart on the series. Off by default.
    /// </summary>
    public bool ScopeLabels { get; set; }

    /// <summary>
    /// Where endpoints without an interval (or with an unknown one) go (R6, <c>DEFAULT_INTERVAL</c>; prometheus-ecs-sd's
    /// <c>--default-scrape-interval-prefix</c>); generic by default.
    /// </summary>
    public ScrapeInterval DefaultInterval { get; set; } = ScrapeInterval.Generic;

    /// <summary>The prefix of custom label variables (R9).</summary>
    public string LabelVariablePrefix { get; set; } = "PROMETHEUS_LABEL_";

    /// <summary>PromED 3.x's <c>CUSTOM_LABELS_KEY</c>: a docker label holding <c>name=value,name2=value2</c> custom labels (R9.2).</summary>
    public string CustomLabelsKey { get; set; } = CustomLabelRule.DefaultCustomLabelsKey;

    /// <summary>PromED 3.x's <c>WITH_DOCKER_LABELS</c>: every docker label of a marked container as a label (R9.3).</summary>
    public bool WithDockerLabels { get; set; }

    /// <summary>
    /// teralytics' <c>-config.filter-label</c>: <c>NAME</c> or <c>NAME=VALUE</c>, a docker label a container must carry
    /// (with that value) to be looked at by any convention (R13.4); null for no filter.
    /// </summary>
    public string? DockerLabelFilter { get; set; }

    /// <summary>Visible labels (<see cref="LabelStyle.Seed"/>) or metadata only (R14).</summary>
    public LabelStyle LabelStyle { get; set; } = LabelStyle.Seed;

    /// <summary>The names of the R7 labels.</summary>
    public LabelNames LabelNames { get; set; } = new();

    /// <summary><c>ADDRESS_FAMILY</c>: which address family a target uses (R15); default IPv4 when there is one, else IPv6.</summary>
    public AddressFamilyPreference AddressFamily { get; set; } = AddressFamilyPreference.Ipv4Preferred;

    /// <summary>The selected conventions, in the order a container is tried against them.</summary>
    internal IReadOnlyList<MarkerConvention> SelectedConventions => _selected ??= MarkerConventions.Select(_conventions, _marker, _markerType);

    /// <summary>Whether <paramref name="other"/> gives every task the same targets (cached evaluations are reused only then).</summary>
    public bool SameAs(RuleSettings? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (SelectedConventions.Count == other.SelectedConventions.Count
                && SelectedConventions.Zip(other.SelectedConventions, (a, b) => a.SameAs(b)).All(same => same)
                && FallbackMetricsPath == other.FallbackMetricsPath
                && DefaultInterval == other.DefaultInterval
                && (TagsToLabels ?? Array.Empty<string>()).SequenceEqual(other.TagsToLabels ?? Array.Empty<string>(), StringComparer.Ordinal)
                && LabelVariablePrefix == other.LabelVariablePrefix
                && string.Equals(CustomLabelsKey, other.CustomLabelsKey, StringComparison.Ordinal)
                && WithDockerLabels == other.WithDockerLabels
                && string.Equals(DockerLabelFilter, other.DockerLabelFilter, StringComparison.Ordinal)
                && LabelStyle == other.LabelStyle
                && ScopeLabels == other.ScopeLabels
                && AddressFamily == other.AddressFamily
                && LabelNames.SameAs(other.LabelNames)));
}
