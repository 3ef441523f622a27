using System;

namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>
/// A way of marking containers for Prometheus that users come from, as data (R13): where its keys are, which key and
/// value mark a container, and which keys give the port, container port, endpoints or path, scheme and job. The
/// shipped ones are in <see cref="MarkerConventions"/>; the rules that read them are in <see cref="ConventionRule"/>.
/// </summary>
public sealed class MarkerConvention
{
    /// <summary>The name users select it by (the <c>CONVENTIONS</c> setting) and <c>__meta_ecs_convention</c> carries.</summary>
    public string Name { get; init; } = "";

    /// <summary>Where its keys are read.</summary>
    public MarkerSource Source { get; init; }

    /// <summary>Where its marker key is read, when not where the other keys are (PromED 3.x's <c>MARKER_TYPE</c>).</summary>
    public MarkerSource? MarkerIn { get; init; }

    /// <summary>The key that marks a container.</summary>
    public string MarkerKey { get; init; } = "";

    /// <summary>Which of the marker key's values mark.</summary>
    public MarkerValue MarkerValue { get; init; }

    /// <summary>The key with the port(s) to scrape; the marker key itself for <see cref="MarkerValue.Port"/>.</summary>
    public string? PortKey { get; init; }

    /// <summary>What <see cref="PortKey"/>'s ports are.</summary>
    public PortMeaning PortMeaning { get; init; }

    /// <summary>The key with the container port(s) whose bridge-mode host binding to scrape (R4.3), if any.</summary>
    public string? ContainerPortKey { get; init; }

    /// <summary>The key with <c>[interval:]path</c> entries (R6), if any.</summary>
    public string? EndpointKey { get; init; }

    /// <summary>The key with one metrics path, if any (used when <see cref="EndpointKey"/> is absent).</summary>
    public string? PathKey { get; init; }

    /// <summary>The key with the scheme (<c>http</c> or <c>https</c>), if any.</summary>
    public string? SchemeKey { get; init; }

    /// <summary>The key with the job name, which replaces the task definition family, if any.</summary>
    public string? JobKey { get; init; }

    /// <summary>The key that asks for the minimal label set (R8), if any.</summary>
    public string? NoLabelsKey { get; init; }

    /// <summary>Whether any non-empty value of <see cref="NoLabelsKey"/> asks for it (PromED 3.x), not only <c>true</c>.</summary>
    public bool NoLabelsWhenSet { get; init; }

    /// <summary>
    /// Whether <c>KEY_NAME</c> variants of the port, endpoint, path, scheme and job keys describe further ports of
    /// the same container (R13.2), as the CloudWatch agent's <c>ECS_PROMETHEUS_EXPORTER_PORT_SUBSET_B</c> do.
    /// </summary>
    public bool NamedPortSets { get; init; }

    /// <summary>How the documentation and messages name it: <c>PROMETHEUS in the environment</c>.</summary>
    public string Describe() =>
        $"{MarkerKey}{(MarkerValue == MarkerValue.True ? "=true" : "")} in the {((MarkerIn ?? Source) == MarkerSource.Environment ? "environment" : "docker labels")}";

    /// <summary>Whether two conventions read the same keys the same way.</summary>
    public bool SameAs(MarkerConvention? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Source == other.Source
        && MarkerIn == other.MarkerIn
        && NoLabelsWhenSet == other.NoLabelsWhenSet
        && string.Equals(MarkerKey, other.MarkerKey, StringComparison.Ordinal)
        && MarkerValue == other.MarkerValue
        && string.Equals(PortKey, other.PortKey, StringComparison.Ordinal)
        && PortMeaning == other.PortMeaning
        && string.Equals(ContainerPortKey, other.ContainerPortKey, StringComparison.Ordinal)
        && string.Equals(EndpointKey, other.EndpointKey, StringComparison.Ordinal)
        && string.Equals(PathKey, other.PathKey, StringComparison.Ordinal)
        && string.Equals(SchemeKey, other.SchemeKey, StringComparison.Ordinal)
        && string.Equals(JobKey, other.JobKey, StringComparison.Ordinal)
        && string.Equals(NoLabelsKey, other.NoLabelsKey, StringComparison.Ordinal)
        && NamedPortSets == other.NamedPortSets;
}
