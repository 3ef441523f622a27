namespace EcsDiscoverer.Engine.Rules;

/// <summary>The configurable parts of the rules; the defaults are those of discovery-rules.md.</summary>
public sealed class RuleSettings
{
    /// <summary>The variable that marks a container (R3).</summary>
    public string MarkerVariable { get; set; } = "PROMETHEUS";

    /// <summary>The metrics path when <c>PROMETHEUS_ENDPOINT</c> is unset or empty (R6).</summary>
    public string FallbackMetricsPath { get; set; } = EndpointRule.DefaultMetricsPath;

    /// <summary>The prefix of custom label variables (R9).</summary>
    public string LabelVariablePrefix { get; set; } = "PROMETHEUS_LABEL_";

    /// <summary>The names of the R7 labels.</summary>
    public LabelNames LabelNames { get; set; } = new();

    /// <summary>Whether <paramref name="other"/> gives every task the same targets (cached evaluations are reused only then).</summary>
    public bool SameAs(RuleSettings? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (MarkerVariable == other.MarkerVariable
                && FallbackMetricsPath == other.FallbackMetricsPath
                && LabelVariablePrefix == other.LabelVariablePrefix
                && LabelNames.SameAs(other.LabelNames)));
}
