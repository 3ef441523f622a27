using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

public class TaskTargetRuleTests
{
    private const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/t1";

    private static List<EcsKeyValue> Env(params (string, string)[] pairs) =>
        pairs.Select(p => new EcsKeyValue { Name = p.Item1, Value = p.Item2 }).ToList();

    private static EcsTaskDefinition Definition(string mode, params EcsContainerDefinition[] containers) => new()
    {
        TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
        Family = "web",
        Revision = 7,
        NetworkMode = mode,
        ContainerDefinitions = containers.ToList(),
    };

    private static EcsTask Task(string status = "RUNNING", string launchType = "EC2", params EcsContainer[] containers) => new()
    {
        TaskArn = TaskArn,
        ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
        TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
        ContainerInstanceArn = launchType == "EC2" ? "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1" : null,
        LastStatus = status,
        LaunchType = launchType,
        Group = "service:web",
        Containers = containers.ToList(),
    };

    private static EcsContainer Running(string name, int containerPort = 8080, int hostPort = 32768) => new()
    {
        Name = name,
        ContainerArn = "arn:aws:ecs:us-east-1:123456789012:container/prod/t1/" + name + "-id",
        NetworkBindings = new List<EcsNetworkBinding> { new() { BindIP = "0.0.0.0", ContainerPort = containerPort, HostPort = hostPort } },
    };

    private static TaskEvaluation Evaluate(EcsTask task, EcsTaskDefinition definition) =>
        TaskTargetRule.Evaluate(new TaskFacts(task, definition, "prod", "i-0aaa", "10.0.1.10"), new RuleSettings());

    [Fact(DisplayName = "R1: a task that is not RUNNING gives not-running for each marked container and no target")]
    public void NotRunning()
    {
        var definition = Definition("bridge", new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "true")) });
        var result = Evaluate(new EcsTask { TaskArn = TaskArn, LastStatus = "PENDING" }, definition);
        Assert.Empty(result.Targets);
        Assert.Equal(SkipReason.NotRunning, Assert.Single(result.Skipped).Reason);
        Assert.True(result.IsProvisional);
    }

    [Fact(DisplayName = "R3: unmarked containers give neither a target nor a skip record")]
    public void Unmarked()
    {
        var definition = Definition("bridge",
            new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "false")) },
            new EcsContainerDefinition { Name = "sidecar" });
        var result = Evaluate(Task(containers: new[] { Running("app"), Running("sidecar") }), definition);
        Assert.Empty(result.Targets);
        Assert.Empty(result.Skipped);
    }

    [Fact(DisplayName = "R3: in a multi-container task only the marked container is a target")]
    public void MultiContainer()
    {
        var definition = Definition("bridge",
            new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "true")) },
            new EcsContainerDefinition { Name = "envoy" });
        var result = Evaluate(Task(containers: new[] { Running("app", 8080, 32768), Running("envoy", 9901, 32769) }), definition);
        var target = Assert.Single(result.Targets);
        Assert.Equal("10.0.1.10:32768", target.Target);
        Assert.Equal("app", target.ContainerName);
    }

    [Fact(DisplayName = "R2: a RunTask override can mark a container and change its port")]
    public void OverrideMarks()
    {
        var definition = Definition("host", new EcsContainerDefinition { Name = "app" });
        var task = Task(containers: Running("app"));
        task.Overrides = new EcsTaskOverride
        {
            ContainerOverrides = new List<EcsContainerOverride> { new() { Name = "app", Environment = Env(("PROMETHEUS", "1"), ("PROMETHEUS_PORT", "9200")) } },
        };
        Assert.Equal("10.0.1.10:9200", Assert.Single(Evaluate(task, definition).Targets).Target);
    }

    [Fact(DisplayName = "Skip no-runtime-container: a marked definition container missing at runtime skips only that container")]
    public void NoRuntimeContainer()
    {
        var definition = Definition("bridge",
            new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "true")) },
            new EcsContainerDefinition { Name = "gone", Environment = Env(("PROMETHEUS", "true")) });
        var result = Evaluate(Task(containers: Running("app")), definition);
        Assert.Single(result.Targets);
        var skip = Assert.Single(result.Skipped);
        Assert.Equal(("gone", SkipReason.NoRuntimeContainer), (skip.ContainerName, skip.Reason));
    }

    [Fact(DisplayName = "R4.3: a container-port-not-bound skip costs that container only, not the rest of the task")]
    public void ContainerPortNotBoundIsPerContainer()
    {
        var definition = Definition("bridge",
            new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "true"), ("PROMETHEUS_CONTAINER_PORT", "9999")) },
            new EcsContainerDefinition { Name = "other", Environment = Env(("PROMETHEUS", "true")) });
        var result = Evaluate(Task(containers: new[] { Running("app"), Running("other", 9000, 32777) }), definition);
        Assert.Equal("10.0.1.10:32777", Assert.Single(result.Targets).Target);
        Assert.Equal(SkipReason.ContainerPortNotBound, Assert.Single(result.Skipped).Reason);
    }

    [Fact(DisplayName = "R5: no host address gives no-address")]
    public void NoAddress()
    {
        var definition = Definition("bridge", new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "true")) });
        var result = TaskTargetRule.Evaluate(new TaskFacts(Task(containers: Running("app")), definition, "prod", null, null), new RuleSettings());
        Assert.Equal(SkipReason.NoAddress, Assert.Single(result.Skipped).Reason);
    }

    [Fact(DisplayName = "R6: one target per (interval, path), each in the file of its interval")]
    public void SeveralEndpoints()
    {
        var definition = Definition("bridge", new EcsContainerDefinition
        {
            Name = "app",
            Environment = Env(("PROMETHEUS", "true"), ("PROMETHEUS_ENDPOINT", "5m:/mymetrics,30s:/mymetrics2,/plain,10m:/odd")),
        });
        var result = Evaluate(Task(containers: Running("app")), definition);
        Assert.Equal(
            new[] { "5m /mymetrics", "30s /mymetrics2", "generic /plain", "generic /odd" },
            result.Targets.Select(t => ScrapeIntervals.Name(t.Interval) + " " + t.MetricsPath));
        Assert.Single(result.Warnings);
    }

    [Fact(DisplayName = "R7: an EC2 target carries the R7 labels and the __meta_ecs_ labels")]
    public void Ec2Labels()
    {
        var definition = Definition("bridge", new EcsContainerDefinition { Name = "app", Image = "nginx:1", Environment = Env(("PROMETHEUS", "true")) });
        var target = Assert.Single(Evaluate(Task(containers: Running("app")), definition).Targets);
        var labels = target.Labels;
        Assert.Equal("10.0.1.10:32768", labels["instance"]);
        Assert.Equal("web", labels["job"]);
        Assert.Equal("7", labels["task_version"]);
        Assert.Equal("t1", labels["task_id"]);
        Assert.Equal("app-id", labels["container_id"]);
        Assert.Equal("i-0aaa", labels["instance_id"]);
        Assert.Equal("prod", labels["cluster"]);
        Assert.Equal("web", labels["__meta_ecs_service"]);
        Assert.Equal("bridge", labels["__meta_ecs_network_mode"]);
        Assert.Equal("nginx:1", labels["__meta_ecs_container_image"]);
        Assert.Equal("EC2", labels["__meta_ecs_launch_type"]);
        Assert.Equal("i-0aaa", labels["__meta_ecs_ec2_instance_id"]);
        Assert.All(labels.Keys, k => Assert.True(LabelNameRule.IsValid(k), k));
    }

    [Fact(DisplayName = "R4.2/R5: a Fargate task without port mappings is scraped on port 80 at its ENI address, without EC2 labels")]
    public void Fargate()
    {
        var definition = Definition("awsvpc", new EcsContainerDefinition { Name = "app", Environment = Env(("PROMETHEUS", "true")) });
        var task = Task(launchType: "FARGATE", containers: new EcsContainer { Name = "app" });
        task.Attachments = new List<EcsAttachment>
        {
            new() { Type = "ElasticNetworkInterface", Details = new List<EcsKeyValue> { new() { Name = "privateIPv4Address", Value = "10.0.2.20" } } },
        };
        var result = TaskTargetRule.Evaluate(new TaskFacts(task, definition, "prod", null, null), new RuleSettings());
        var target = Assert.Single(result.Targets);
        Assert.Equal("10.0.2.20:80", target.Target);
        Assert.False(target.Labels.ContainsKey("instance_id"));
        Assert.False(target.Labels.ContainsKey("container_id"));
    }

    [Fact(DisplayName = "Bad input: a task definition and task with every optional field absent never throw")]
    public void EmptyObjects()
    {
        var result = TaskTargetRule.Evaluate(new TaskFacts(new EcsTask(), new EcsTaskDefinition(), "", null, null), new RuleSettings());
        Assert.Empty(result.Targets);
        var definition = new EcsTaskDefinition { ContainerDefinitions = new List<EcsContainerDefinition> { null!, new() { Environment = Env(("PROMETHEUS", "")) } } };
        var running = new EcsTask { LastStatus = "RUNNING", Containers = new List<EcsContainer> { null!, new() } };
        var evaluation = TaskTargetRule.Evaluate(new TaskFacts(running, definition, "", null, null), new RuleSettings());
        Assert.Empty(evaluation.Targets);
        // A nameless definition container cannot be matched to a running one.
        Assert.Equal(SkipReason.NoRuntimeContainer, Assert.Single(evaluation.Skipped).Reason);
    }

    [Fact(DisplayName = "R13: MARKER names the promed convention's marker, which marks with true only")]
    public void ConfigurableMarker()
    {
        var settings = new RuleSettings { Marker = "SCRAPE_ME" };
        var marked = Definition("host", new EcsContainerDefinition { Name = "app", Environment = Env(("SCRAPE_ME", "true")) });
        var yes = Definition("host", new EcsContainerDefinition { Name = "app", Environment = Env(("SCRAPE_ME", "yes")) });
        var target = Assert.Single(TaskTargetRule.Evaluate(new TaskFacts(Task(containers: Running("app")), marked, "prod", "i-0aaa", "10.0.1.10"), settings).Targets);
        Assert.Equal("promed", target.Convention);
        Assert.Empty(TaskTargetRule.Evaluate(new TaskFacts(Task(containers: Running("app")), yes, "prod", "i-0aaa", "10.0.1.10"), settings).Targets);
    }
}
