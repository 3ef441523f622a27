using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Rules.Conventions;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

/// <summary>R13: every marking convention users come from, with its good and bad values; R9.2, R9.3 and R14 with them.</summary>
public class ConventionRuleTests
{
    private const string Ip = "10.0.1.10";

    /// <summary>One container in one task; what it gives, as "target interval:path scheme job convention" and "skip:reason".</summary>
    public sealed record Container(
        string Mode = "bridge",
        (string, string)[]? Env = null,
        (string, string)[]? Labels = null,
        (int Container, int Host)[]? Bindings = null,
        Action<RuleSettings>? Settings = null);

    private static readonly (int, int)[] TwoBindings = { (8080, 32768), (9404, 32769) };

    public static TheoryData<string, Container, string[]> Cases => new()
    {
        { "R13 prometheus: PROMETHEUS in the environment, the first binding (R4.4)", new(Env: new[] { ("PROMETHEUS", "true") }), new[] { "10.0.1.10:32768 generic:/metrics - web prometheus" } },
        { "R13 promed: PROMETHEUS_TARGET=true marks by default", new(Env: new[] { ("PROMETHEUS_TARGET", "true") }), new[] { "10.0.1.10:32768 generic:/metrics - web promed" } },
        { "R13 promed: PROMETHEUS_TARGET=false does not mark", new(Env: new[] { ("PROMETHEUS_TARGET", "false") }), Array.Empty<string>() },
        { "R13 promed: an empty marker does not mark", new(Env: new[] { ("PROMETHEUS_TARGET", "") }), Array.Empty<string>() },
        { "R13 promed: MARKER_TYPE=dockerLabels reads the marker from the labels and PROMETHEUS_PORT from the environment", new(Mode: "host", Env: new[] { ("PROMETHEUS_PORT", "9100") }, Labels: new[] { ("PROMETHEUS_TARGET", "true") }, Settings: s => s.MarkerType = MarkerSource.DockerLabels), new[] { "10.0.1.10:9100 generic:/metrics - web promed" } },
        { "R13 promed: MARKER names another marker", new(Env: new[] { ("SCRAPE", "true") }, Settings: s => s.Marker = "SCRAPE"), new[] { "10.0.1.10:32768 generic:/metrics - web promed" } },
        { "R13 promed: PROMETHEUS_NOLABELS with any value gives R8's labels", new(Env: new[] { ("PROMETHEUS_TARGET", "true"), ("PROMETHEUS_NOLABELS", "1") }), new[] { "10.0.1.10:32768 generic:/metrics - web promed nolabels" } },
        { "R13 teralytics: not selected by default", new(Labels: new[] { ("PROMETHEUS_EXPORTER_PORT", "8080") }), Array.Empty<string>() },
        { "R13 teralytics: the container port's host binding, path, scheme and job name", new(Labels: new[] { ("PROMETHEUS_EXPORTER_PORT", "9404"), ("PROMETHEUS_EXPORTER_PATH", "jmx"), ("PROMETHEUS_EXPORTER_SCHEME", "HTTPS"), ("PROMETHEUS_EXPORTER_JOB_NAME", "api") }, Bindings: TwoBindings, Settings: Use("teralytics")), new[] { "10.0.1.10:32769 generic:/jmx https api teralytics" } },
        { "R13 teralytics: a port that is not a number is invalid-port", new(Labels: new[] { ("PROMETHEUS_EXPORTER_PORT", "http") }, Settings: Use("teralytics")), new[] { "skip:invalid-port" } },
        { "R13 teralytics: a container port without binding is container-port-not-bound", new(Labels: new[] { ("PROMETHEUS_EXPORTER_PORT", "9999") }, Settings: Use("teralytics")), new[] { "skip:container-port-not-bound" } },
        { "R13 teralytics: in host mode the container port is the port", new(Mode: "host", Labels: new[] { ("PROMETHEUS_EXPORTER_PORT", "9999") }, Settings: Use("teralytics")), new[] { "10.0.1.10:9999 generic:/metrics - web teralytics" } },
        { "R13 cloudwatch: ECS_PROMETHEUS_EXPORTER_PORT, METRICS_PATH and JOB_NAME", new(Labels: new[] { ("ECS_PROMETHEUS_EXPORTER_PORT", "8080"), ("ECS_PROMETHEUS_METRICS_PATH", "/stats"), ("ECS_PROMETHEUS_JOB_NAME", "jvm") }, Settings: Use("cloudwatch")), new[] { "10.0.1.10:32768 generic:/stats - jvm cloudwatch" } },
        { "R13 cloudwatch: an empty port label marks and is invalid-port", new(Labels: new[] { ("ECS_PROMETHEUS_EXPORTER_PORT", "") }, Settings: Use("cloudwatch")), new[] { "skip:invalid-port" } },
        { "R13.2 cloudwatch: a named port set (SUBSET_B) is a second target with its own path", new(Labels: new[] { ("ECS_PROMETHEUS_EXPORTER_PORT", "8080"), ("ECS_PROMETHEUS_EXPORTER_PORT_SUBSET_B", "9404"), ("ECS_PROMETHEUS_METRICS_PATH_SUBSET_B", "/jmx") }, Bindings: TwoBindings, Settings: Use("cloudwatch")), new[] { "10.0.1.10:32768 generic:/metrics - web cloudwatch", "10.0.1.10:32769 generic:/jmx - web cloudwatch" } },
        { "R13 prometheus.io: scrape=true, port, path and scheme", new(Labels: new[] { ("prometheus.io/scrape", "true"), ("prometheus.io/port", "9404"), ("prometheus.io/path", "/m"), ("prometheus.io/scheme", "http") }, Bindings: TwoBindings, Settings: Use("prometheus.io")), new[] { "10.0.1.10:32769 generic:/m http web prometheus.io" } },
        { "R13 prometheus.io: scrape=false does not mark", new(Labels: new[] { ("prometheus.io/scrape", "false"), ("prometheus.io/port", "8080") }, Settings: Use("prometheus.io")), Array.Empty<string>() },
        { "R13.3 prometheus.io: a scheme that is neither http nor https is invalid-scheme", new(Labels: new[] { ("prometheus.io/scrape", "true"), ("prometheus.io/scheme", "ftp") }, Settings: Use("prometheus.io")), new[] { "skip:invalid-scheme" } },
        { "R13: with all, the first convention that marks wins; the container is one target set", new(Env: new[] { ("PROMETHEUS", "true") }, Labels: new[] { ("prometheus.io/scrape", "true"), ("prometheus.io/port", "9404") }, Bindings: TwoBindings, Settings: Use("all")), new[] { "10.0.1.10:32768 generic:/metrics - web prometheus" } },
        { "R13.1 PROMETHEUS_PORT lists two ports: two targets", new(Mode: "host", Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_PORT", "9100, 9200") }), new[] { "10.0.1.10:9100 generic:/metrics - web prometheus", "10.0.1.10:9200 generic:/metrics - web prometheus" } },
        { "R13.1 a port list with a bad entry: the good port and one invalid-port skip", new(Mode: "host", Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_PORT", "9100,abc,") }), new[] { "10.0.1.10:9100 generic:/metrics - web prometheus", "skip:invalid-port" } },
        { "R13.1 PROMETHEUS_CONTAINER_PORT lists two container ports in bridge mode", new(Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_CONTAINER_PORT", "8080,9404") }, Bindings: TwoBindings), new[] { "10.0.1.10:32768 generic:/metrics - web prometheus", "10.0.1.10:32769 generic:/metrics - web prometheus" } },
        { "R13.2 PROMETHEUS_PORT_JMX with its own endpoints beside the unnamed set", new(Mode: "host", Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_PORT", "8080"), ("PROMETHEUS_PORT_JMX", "9404"), ("PROMETHEUS_ENDPOINT_JMX", "30s:/jmx") }), new[] { "10.0.1.10:8080 generic:/metrics - web prometheus", "10.0.1.10:9404 30s:/jmx - web prometheus" } },
        { "R13.2 a named set inherits PROMETHEUS_ENDPOINT", new(Mode: "host", Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_ENDPOINT", "1m:/x"), ("PROMETHEUS_PORT", "8080"), ("PROMETHEUS_PORT_B", "9404") }), new[] { "10.0.1.10:8080 1m:/x - web prometheus", "10.0.1.10:9404 1m:/x - web prometheus" } },
        { "R13.3 PROMETHEUS_SCHEME gives __scheme__", new(Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_SCHEME", "https") }), new[] { "10.0.1.10:32768 generic:/metrics https web prometheus" } },
        { "R6 DEFAULT_INTERVAL: an endpoint without interval goes to that interval's file", new(Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_ENDPOINT", "/a,30s:/b") }, Settings: s => s.DefaultInterval = ScrapeInterval.Minute1), new[] { "10.0.1.10:32768 1m:/a - web prometheus", "10.0.1.10:32768 30s:/b - web prometheus" } },
        { "R6 DEFAULT_INTERVAL: an unknown interval and a docker-label path go there too", new(Labels: new[] { ("prometheus.io/scrape", "true") }, Settings: s => { s.DefaultInterval = ScrapeInterval.Minutes5; s.Conventions = new[] { "prometheus.io" }; }), new[] { "10.0.1.10:32768 5m:/metrics - web prometheus.io" } },
        { "R13.4 the docker label filter leaves out a container without the label", new(Env: new[] { ("PROMETHEUS", "true") }, Settings: s => s.DockerLabelFilter = "scrape"), Array.Empty<string>() },
        { "R13.4 NAME=VALUE lets through exactly that value", new(Env: new[] { ("PROMETHEUS", "true") }, Labels: new[] { ("scrape", "yes") }, Settings: s => s.DockerLabelFilter = "scrape=yes"), new[] { "10.0.1.10:32768 generic:/metrics - web prometheus" } },
        { "R13.4 NAME=VALUE leaves out another value", new(Env: new[] { ("PROMETHEUS", "true") }, Labels: new[] { ("scrape", "no") }, Settings: s => s.DockerLabelFilter = "scrape=yes"), Array.Empty<string>() },
    };

    private static Action<RuleSettings> Use(params string[] conventions) => s => s.Conventions = conventions;

    [Theory(DisplayName = "Conventions")]
    [MemberData(nameof(Cases))]
    public void Convention(string rule, Container input, string[] expected)
    {
        var evaluation = Evaluate(input, out _);
        var actual = evaluation.Targets
            .Select(t => $"{t.Target} {ScrapeIntervals.Name(t.Interval)}:{t.MetricsPath} {t.Scheme ?? "-"} {t.Job} {t.Convention}{(t.Labels.ContainsKey("task_id") ? "" : " nolabels")}")
            .Concat(evaluation.Skipped.Select(s => "skip:" + SkipReasons.Name(s.Reason)))
            .ToArray();
        Assert.True(expected.SequenceEqual(actual), $"{rule}\nexpected: {string.Join(" | ", expected)}\nactual:   {string.Join(" | ", actual)}");
    }

    [Fact(DisplayName = "R13.3: __scheme__ is a label of the group; R13: __meta_ecs_convention names the convention")]
    public void SchemeAndConventionLabels()
    {
        var target = Assert.Single(Evaluate(new(Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_SCHEME", "https") }), out _).Targets);
        Assert.Equal("https", target.Labels["__scheme__"]);
        Assert.Equal("prometheus", target.Labels["__meta_ecs_convention"]);
    }

    [Fact(DisplayName = "R9.2: CUSTOM_LABELS_KEY's name=value list; R9.3: WITH_DOCKER_LABELS copies docker labels, . and - become _, case kept")]
    public void DockerLabelCustomLabels()
    {
        var input = new Container(
            Env: new[] { ("PROMETHEUS", "true") },
            Labels: new[] { ("promed.custom_labels", "team=pay, Tier = gold,broken"), ("com.example-Owner", "ops") },
            Settings: s => s.WithDockerLabels = true);
        var evaluation = Evaluate(input, out _);
        var labels = Assert.Single(evaluation.Targets).Labels;
        Assert.Equal("pay", labels["team"]);
        Assert.Equal("gold", labels["Tier"]);
        Assert.Equal("ops", labels["com_example_Owner"]);
        Assert.False(labels.ContainsKey("promed_custom_labels"));
        Assert.Contains(evaluation.Warnings, w => w.Contains("'broken' is not name=value", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R13.1: a port list reports a custom label problem once, not once per port")]
    public void WarningsOncePerContainer()
    {
        var input = new Container(Mode: "host", Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_PORT", "9100,9200,9300"), ("PROMETHEUS_LABEL___x", "reserved") });
        var evaluation = Evaluate(input, out _);
        Assert.Equal(3, evaluation.Targets.Count);
        Assert.Single(evaluation.Warnings);
    }

    [Fact(DisplayName = "R14: LABEL_STYLE meta keeps only __meta_*, __metrics_path__, __scheme__ and custom labels")]
    public void MetaStyle()
    {
        var input = new Container(Env: new[] { ("PROMETHEUS", "true"), ("PROMETHEUS_LABEL_team", "pay"), ("PROMETHEUS_SCHEME", "https") }, Settings: s => s.LabelStyle = LabelStyle.Meta);
        var labels = Assert.Single(Evaluate(input, out _).Targets).Labels;
        Assert.All(labels.Keys, k => Assert.True(k.StartsWith("__", StringComparison.Ordinal) || k == "team", k));
        Assert.Equal("/metrics", labels["__metrics_path__"]);
        Assert.Equal("https", labels["__scheme__"]);
        Assert.Equal("pay", labels["team"]);
    }

    [Fact(DisplayName = "R14: the metadata carries Prometheus's role: ecs names with their meanings")]
    public void NativeMetaNames()
    {
        var labels = Assert.Single(Evaluate(new(Env: new[] { ("PROMETHEUS", "true") }), out _).Targets).Labels;
        Assert.Equal("prod", labels["__meta_ecs_cluster"]);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:7", labels["__meta_ecs_task_definition"]);
        Assert.Equal("service:web", labels["__meta_ecs_task_group"]);
        Assert.Equal("web", labels["__meta_ecs_service"]);
        Assert.Equal("us-east-1", labels["__meta_ecs_region"]);
        Assert.Equal(Ip, labels["__meta_ecs_ip_address"]);
        Assert.Equal("RUNNING", labels["__meta_ecs_last_status"]);
        Assert.Equal("RUNNING", labels["__meta_ecs_desired_status"]);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1", labels["__meta_ecs_container_instance_arn"]);
        Assert.Equal(Ip, labels["__meta_ecs_ec2_instance_private_ip"]);
    }

    [Fact(DisplayName = "R13: two settings that select the same conventions give the same targets; another MARKER does not")]
    public void SameAs()
    {
        Assert.True(new RuleSettings { Conventions = new[] { "PROMETHEUS", "promed" } }.SameAs(new RuleSettings()));
        Assert.False(new RuleSettings { Marker = "X" }.SameAs(new RuleSettings()));
        Assert.False(new RuleSettings { Conventions = new[] { "all" } }.SameAs(new RuleSettings()));
    }

    private static TaskEvaluation Evaluate(Container input, out RuleSettings settings)
    {
        settings = new RuleSettings();
        input.Settings?.Invoke(settings);
        var definition = new EcsTaskDefinition
        {
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
            Family = "web",
            Revision = 7,
            NetworkMode = input.Mode,
            ContainerDefinitions = new List<EcsContainerDefinition>
            {
                new()
                {
                    Name = "app",
                    Environment = (input.Env ?? Array.Empty<(string, string)>()).Select(p => new EcsKeyValue { Name = p.Item1, Value = p.Item2 }).ToList(),
                    DockerLabels = (input.Labels ?? Array.Empty<(string, string)>()).ToDictionary(p => p.Item1, p => (string?)p.Item2),
                    PortMappings = new List<EcsPortMapping> { new() { ContainerPort = 8080, HostPort = 8080 } },
                },
            },
        };
        var task = new EcsTask
        {
            TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/t1",
            ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
            TaskDefinitionArn = definition.TaskDefinitionArn,
            ContainerInstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1",
            LastStatus = "RUNNING",
            DesiredStatus = "RUNNING",
            LaunchType = "EC2",
            Group = "service:web",
            Containers = new List<EcsContainer>
            {
                new()
                {
                    Name = "app",
                    ContainerArn = "arn:aws:ecs:us-east-1:123456789012:container/prod/t1/app-id",
                    NetworkBindings = (input.Bindings ?? new[] { (8080, 32768) })
                        .Select(b => new EcsNetworkBinding { BindIP = "0.0.0.0", ContainerPort = b.Container, HostPort = b.Host }).ToList(),
                },
            },
        };
        return TaskTargetRule.Evaluate(new TaskFacts(task, definition, "prod", "i-0aaa", Ip), settings);
    }
}
