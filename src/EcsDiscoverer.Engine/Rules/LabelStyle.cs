namespace EcsDiscoverer.Engine.Rules;

/// <summary>Which labels a target group carries besides the metadata (R7, R14).</summary>
public enum LabelStyle
{
    /// <summary>The visible labels of R7 (<c>instance</c>, <c>job</c>, <c>cluster</c>, ...), as the Python tools wrote them. The default.</summary>
    Seed,

    /// <summary>
    /// Only <c>__meta_*</c>, <c>__metrics_path__</c>, <c>__scheme__</c> and the custom labels, as Prometheus's own
    /// discovery gives them: the scrape job names the job, and relabeling chooses what lands on the series.
    /// </summary>
    Meta,
}
