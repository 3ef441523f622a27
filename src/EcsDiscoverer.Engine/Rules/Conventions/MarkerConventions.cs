using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>The marking conventions EcsDiscoverer understands (R13), by the tools users come from.</summary>
public static class MarkerConventions
{
    /// <summary>prometheus-ecs-discoverer 2.x and prometheus-ecs-sd: <c>PROMETHEUS</c> in the environment (R3-R9).</summary>
    public const string PrometheusName = "prometheus";

    /// <summary>prometheus-ecs-discoverer 3.x: <c>MARKER</c> (default <c>PROMETHEUS_TARGET</c>) <c>=true</c>, where <c>MARKER_TYPE</c> says.</summary>
    public const string PromEdName = "promed";

    /// <summary>teralytics/prometheus-ecs-discovery: the docker label <c>PROMETHEUS_EXPORTER_PORT</c>.</summary>
    public const string TeralyticsName = "teralytics";

    /// <summary>The CloudWatch agent and OpenTelemetry's ecsobserver: the docker label <c>ECS_PROMETHEUS_EXPORTER_PORT</c>.</summary>
    public const string CloudWatchName = "cloudwatch";

    /// <summary>The Kubernetes-style docker labels <c>prometheus.io/scrape=true</c>, <c>prometheus.io/port</c>, ...</summary>
    public const string PrometheusIoName = "prometheus.io";

    /// <summary>PromED 3.x's default marker.</summary>
    public const string DefaultPromEdMarker = "PROMETHEUS_TARGET";

    /// <summary>With no <c>CONVENTIONS</c> setting: both prometheus-ecs-discoverer generations' defaults.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = new[] { PrometheusName, PromEdName };

    /// <summary>Every name, in the order a container is tried against them.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { PrometheusName, PromEdName, TeralyticsName, CloudWatchName, PrometheusIoName };

    /// <summary>Ours: the keys of the rules page, in the environment.</summary>
    public static MarkerConvention Prometheus { get; } = new()
    {
        Name = PrometheusName,
        Source = MarkerSource.Environment,
        MarkerKey = "PROMETHEUS",
        MarkerValue = MarkerValue.AnyButOff,
        PortKey = "PROMETHEUS_PORT",
        PortMeaning = PortMeaning.ScrapePort,
        ContainerPortKey = "PROMETHEUS_CONTAINER_PORT",
        EndpointKey = "PROMETHEUS_ENDPOINT",
        SchemeKey = "PROMETHEUS_SCHEME",
        NoLabelsKey = "PROMETHEUS_NOLABELS",
        NamedPortSets = true,
    };

    /// <summary>teralytics/prometheus-ecs-discovery's docker labels.</summary>
    public static MarkerConvention Teralytics { get; } = new()
    {
        Name = TeralyticsName,
        Source = MarkerSource.DockerLabels,
        MarkerKey = "PROMETHEUS_EXPORTER_PORT",
        MarkerValue = MarkerValue.Port,
        PortKey = "PROMETHEUS_EXPORTER_PORT",
        PortMeaning = PortMeaning.ContainerPort,
        PathKey = "PROMETHEUS_EXPORTER_PATH",
        SchemeKey = "PROMETHEUS_EXPORTER_SCHEME",
        JobKey = "PROMETHEUS_EXPORTER_JOB_NAME",
        NamedPortSets = true,
    };

    /// <summary>The CloudWatch agent's (and ecsobserver's) default docker labels.</summary>
    public static MarkerConvention CloudWatch { get; } = new()
    {
        Name = CloudWatchName,
        Source = MarkerSource.DockerLabels,
        MarkerKey = "ECS_PROMETHEUS_EXPORTER_PORT",
        MarkerValue = MarkerValue.Port,
        PortKey = "ECS_PROMETHEUS_EXPORTER_PORT",
        PortMeaning = PortMeaning.ContainerPort,
        PathKey = "ECS_PROMETHEUS_METRICS_PATH",
        JobKey = "ECS_PROMETHEUS_JOB_NAME",
        NamedPortSets = true,
    };

    /// <summary>The <c>prometheus.io/*</c> docker labels.</summary>
    public static MarkerConvention PrometheusIo { get; } = new()
    {
        Name = PrometheusIoName,
        Source = MarkerSource.DockerLabels,
        MarkerKey = "prometheus.io/scrape",
        MarkerValue = MarkerValue.True,
        PortKey = "prometheus.io/port",
        PortMeaning = PortMeaning.ContainerPort,
        PathKey = "prometheus.io/path",
        SchemeKey = "prometheus.io/scheme",
    };

    /// <summary>
    /// PromED 3.x's convention: its marker <c>=true</c> where <c>MARKER_TYPE</c> says, and our keys, which PromED reads
    /// from the environment whatever the marker type; any value of <c>PROMETHEUS_NOLABELS</c> asks for R8.
    /// </summary>
    public static MarkerConvention PromEd(string marker, MarkerSource markerIn) => new()
    {
        Name = PromEdName,
        Source = MarkerSource.Environment,
        MarkerIn = markerIn,
        MarkerKey = string.IsNullOrWhiteSpace(marker) ? DefaultPromEdMarker : marker.Trim(),
        MarkerValue = MarkerValue.True,
        PortKey = Prometheus.PortKey,
        PortMeaning = PortMeaning.ScrapePort,
        ContainerPortKey = Prometheus.ContainerPortKey,
        EndpointKey = Prometheus.EndpointKey,
        SchemeKey = Prometheus.SchemeKey,
        NoLabelsKey = Prometheus.NoLabelsKey,
        NoLabelsWhenSet = true,
        NamedPortSets = true,
    };

    /// <summary>Whether <paramref name="name"/> (any case) names a convention, or is <c>all</c>.</summary>
    public static bool IsName(string name) =>
        string.Equals(name?.Trim(), "all", StringComparison.OrdinalIgnoreCase)
        || Names.Contains(name?.Trim() ?? "", StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The conventions <paramref name="names"/> select (any case; <c>all</c> for every one), in the order of
    /// <see cref="Names"/>, PromED's built from <paramref name="promEdMarker"/> and <paramref name="promEdSource"/>.
    /// Unknown names are left out (the settings reject them before).
    /// </summary>
    public static IReadOnlyList<MarkerConvention> Select(IEnumerable<string> names, string promEdMarker, MarkerSource promEdSource)
    {
        var wanted = new HashSet<string>((names ?? DefaultNames).Select(n => n.Trim()), StringComparer.OrdinalIgnoreCase);
        var all = wanted.Contains("all");
        return Names.Where(n => all || wanted.Contains(n)).Select(n => n switch
        {
            PrometheusName => Prometheus,
            PromEdName => PromEd(promEdMarker, promEdSource),
            TeralyticsName => Teralytics,
            CloudWatchName => CloudWatch,
            _ => PrometheusIo,
        }).ToList();
    }
}
