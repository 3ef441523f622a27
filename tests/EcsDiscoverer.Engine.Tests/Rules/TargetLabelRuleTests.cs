using System.Collections.Generic;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

public class TargetLabelRuleTests
{
    private const string ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

    private static TargetLabelInput Input(bool isEc2 = true, bool noLabels = false, params (string, string)[] custom)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in custom)
        {
            list.Add(new(k, v));
        }

        return new TargetLabelInput
        {
            Target = "10.0.1.10:32768",
            Job = "web",
            MetricsPath = "/metrics",
            ClusterName = "prod",
            Revision = 7,
            TaskId = "abc123",
            IsEc2 = isEc2,
            ContainerId = "c-1",
            Ec2InstanceId = "i-0aaa",
            NoLabels = noLabels,
            Meta = new List<KeyValuePair<string, string>> { new("__meta_ecs_cluster_arn", ClusterArn), new("__meta_ecs_service", "checkout") },
            Custom = list,
        };
    }

    [Fact(DisplayName = "R7: the label set of an EC2 target")]
    public void Ec2Labels()
    {
        var labels = TargetLabelRule.Build(Input(), new LabelNames());
        Assert.Equal("10.0.1.10:32768", labels["instance"]);
        Assert.Equal("web", labels["job"]);
        Assert.Equal("/metrics", labels["metrics_path"]);
        Assert.Equal("/metrics", labels["__metrics_path__"]);
        Assert.Equal("prod", labels["cluster"]);
        Assert.Equal("7", labels["task_version"]);
        Assert.Equal("abc123", labels["task_id"]);
        Assert.Equal("c-1", labels["container_id"]);
        Assert.Equal("i-0aaa", labels["instance_id"]);
        Assert.Equal("checkout", labels["__meta_ecs_service"]);
    }

    [Fact(DisplayName = "R7: container_id and instance_id only for the EC2 launch type")]
    public void FargateLabels()
    {
        var labels = TargetLabelRule.Build(Input(isEc2: false), new LabelNames());
        Assert.False(labels.ContainsKey("container_id"));
        Assert.False(labels.ContainsKey("instance_id"));
        Assert.Equal("abc123", labels["task_id"]);
    }

    [Fact(DisplayName = "R8: PROMETHEUS_NOLABELS gives instance=family and only the minimal set, the cluster ARN as metadata, and custom labels")]
    public void NoLabels()
    {
        var labels = TargetLabelRule.Build(Input(noLabels: true, custom: ("team", "payments")), new LabelNames());
        Assert.Equal(new[] { "__meta_ecs_cluster_arn", "__metrics_path__", "instance", "job", "metrics_path", "team" }, labels.Keys);
        Assert.Equal("web", labels["instance"]);
        Assert.Equal(ClusterArn, labels["__meta_ecs_cluster_arn"]);
    }

    [Theory(DisplayName = "R7/R8: every group names its cluster ARN, with or without PROMETHEUS_NOLABELS")]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryGroupNamesItsCluster(bool noLabels)
    {
        var labels = TargetLabelRule.Build(Input(noLabels: noLabels), new LabelNames());
        Assert.Equal(ClusterArn, labels[TargetLabelRule.ClusterArnLabel]);
    }

    [Fact(DisplayName = "R9: a custom label never replaces an R7 label")]
    public void CustomNeverReplaces()
    {
        var labels = TargetLabelRule.Build(Input(custom: new[] { ("job", "hijack"), ("cluster", "hijack"), ("team", "payments") }), new LabelNames());
        Assert.Equal("web", labels["job"]);
        Assert.Equal("prod", labels["cluster"]);
        Assert.Equal("payments", labels["team"]);
    }

    [Fact(DisplayName = "R7: label names are configurable")]
    public void ConfigurableNames()
    {
        var labels = TargetLabelRule.Build(Input(), new LabelNames { Cluster = "ecs_cluster", TaskId = "ecs_task_id" });
        Assert.Equal("prod", labels["ecs_cluster"]);
        Assert.Equal("abc123", labels["ecs_task_id"]);
        Assert.False(labels.ContainsKey("cluster"));
    }
}
