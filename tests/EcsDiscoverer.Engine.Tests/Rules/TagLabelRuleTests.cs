using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

/// <summary>R16: task and task-definition tags as metadata, and as visible labels with <c>TAGS_TO_LABELS</c>.</summary>
public class TagLabelRuleTests
{
    private static List<EcsTag>? Tags(string spec) =>
        spec.Length == 0
            ? null
            : spec.Split(';').Select(pair => pair.Split('=', 2)).Select(kv => new EcsTag { Key = kv[0], Value = kv.Length > 1 ? kv[1] : null }).ToList();

    private static string Render(IEnumerable<KeyValuePair<string, string>> labels) => string.Join(" ", labels.Select(l => $"{l.Key}={l.Value}"));

    [Theory(DisplayName = "R16: every tag is metadata under the task, task-definition and merged names")]
    [InlineData("", "", "")]
    [InlineData("team=pay", "", "__meta_ecs_tag_task_team=pay __meta_ecs_tag_team=pay")]
    [InlineData("", "owner=ops", "__meta_ecs_tag_task_definition_owner=ops __meta_ecs_tag_owner=ops")]
    // Task tags override task-definition tags in the merged name only.
    [InlineData("team=pay", "team=core", "__meta_ecs_tag_task_team=pay __meta_ecs_tag_task_definition_team=core __meta_ecs_tag_team=pay")]
    // Prometheus's sanitising: every character outside [a-zA-Z0-9_] is '_', case kept, a leading digit kept.
    [InlineData("Cost-Center.ID=42", "", "__meta_ecs_tag_task_Cost_Center_ID=42 __meta_ecs_tag_Cost_Center_ID=42")]
    [InlineData("9lives=x", "", "__meta_ecs_tag_task_9lives=x __meta_ecs_tag_9lives=x")]
    [InlineData("équipe=a", "", "__meta_ecs_tag_task__quipe=a __meta_ecs_tag__quipe=a")]
    // AWS's own tags: under Prometheus's name (as role: ecs gives them), not under prometheus-ecs-sd's merged name.
    [InlineData("aws:ecs:serviceName=web", "", "__meta_ecs_tag_task_aws_ecs_serviceName=web")]
    [InlineData("AWS:x=1", "", "__meta_ecs_tag_task_AWS_x=1")]
    // Empty keys are skipped; a missing value is empty; a repeated key keeps its first value.
    [InlineData("=v;team", "", "__meta_ecs_tag_task_team= __meta_ecs_tag_team=")]
    [InlineData("a=1;a=2", "", "__meta_ecs_tag_task_a=1 __meta_ecs_tag_a=1")]
    // Keys that sanitise to one name: the first in ordinal order of the keys wins, whatever order ECS lists them in.
    [InlineData("team.name=dot;team-name=dash", "", "__meta_ecs_tag_task_team_name=dash __meta_ecs_tag_team_name=dash")]
    // A task tag 'definition_x' and a definition tag 'x' meet: the task tag's name comes first and wins.
    [InlineData("definition_x=task", "x=def", "__meta_ecs_tag_task_definition_x=task __meta_ecs_tag_definition_x=task __meta_ecs_tag_x=def")]
    public void Meta(string taskTags, string definitionTags, string expected) =>
        Assert.Equal(expected, Render(TagLabelRule.Meta(Tags(taskTags), Tags(definitionTags))));

    [Theory(DisplayName = "R16: TAGS_TO_LABELS makes the tags it names visible labels, named as R9 names labels")]
    [InlineData("", "team=pay", "", "", "")]
    [InlineData("team", "team=pay;env=prod", "", "team=pay", "")]
    [InlineData("team,owner", "team=pay", "owner=ops;team=core", "owner=ops team=pay", "")]
    // Case-sensitive keys, as prometheus-ecs-sd matches them; names lower-cased as R9's.
    [InlineData("Team", "team=pay;Team=Pay", "", "team=Pay", "")]
    [InlineData("*", "Cost-Center=42;env=prod", "", "cost_center=42 env=prod", "")]
    // '*' never selects AWS's own tags; naming one does.
    [InlineData("*", "aws:ecs:clusterName=prod;env=prod", "", "env=prod", "")]
    [InlineData("aws:ecs:clusterName", "aws:ecs:clusterName=prod", "", "aws_ecs_clustername=prod", "")]
    // No valid name, or a name another tag already gave: a warning, the tag left out.
    [InlineData("*", "__x=1;team=pay", "", "team=pay", "tag '__x' (TAGS_TO_LABELS) gives no valid label name (empty, or starting with '__'); it is ignored")]
    [InlineData("*", "Team=1;team=2", "", "team=1", "tag 'team' (TAGS_TO_LABELS) gives the label name 'team' that another tag already set; it is ignored")]
    public void Visible(string tagsToLabels, string taskTags, string definitionTags, string expected, string warning)
    {
        var warnings = new List<string>();
        var allowList = tagsToLabels.Length == 0 ? new List<string>() : tagsToLabels.Split(',').ToList();
        Assert.Equal(expected, Render(TagLabelRule.Visible(Tags(taskTags), Tags(definitionTags), allowList, warnings)));
        Assert.Equal(warning.Length == 0 ? new List<string>() : new List<string> { warning }, warnings);
    }

    private static TaskEvaluation Evaluate(RuleSettings settings, string taskTags, string definitionTags, params (string Name, string Value)[] environment)
    {
        var env = new List<EcsKeyValue> { new() { Name = "PROMETHEUS", Value = "true" } };
        env.AddRange(environment.Select(e => new EcsKeyValue { Name = e.Name, Value = e.Value }));
        var definition = new EcsTaskDefinition
        {
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
            Family = "web",
            Revision = 7,
            NetworkMode = "bridge",
            ContainerDefinitions = [new EcsContainerDefinition { Name = "app", Environment = env }],
            Tags = Tags(definitionTags),
        };
        var task = new EcsTask
        {
            TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/t1",
            ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
            ContainerInstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1",
            LastStatus = "RUNNING",
            LaunchType = "EC2",
            Containers = [new EcsContainer { Name = "app", NetworkBindings = [new EcsNetworkBinding { BindIP = "0.0.0.0", ContainerPort = 8080, HostPort = 32768 }] }],
            Tags = Tags(taskTags),
        };
        return TaskTargetRule.Evaluate(new TaskFacts(task, definition, "prod", "i-0aaa", "10.0.1.10"), settings);
    }

    [Fact(DisplayName = "R16: without TAGS_TO_LABELS the tags are metadata only")]
    public void MetadataOnlyByDefault()
    {
        var labels = Assert.Single(Evaluate(new RuleSettings(), "team=pay", "owner=ops").Targets).Labels;
        Assert.Equal("pay", labels["__meta_ecs_tag_task_team"]);
        Assert.Equal("ops", labels["__meta_ecs_tag_task_definition_owner"]);
        Assert.Equal("pay", labels["__meta_ecs_tag_team"]);
        Assert.False(labels.ContainsKey("team"));
        Assert.False(labels.ContainsKey("owner"));
    }

    [Fact(DisplayName = "R16: a tag label never replaces an R7 label or an R9 custom label; the clash is a warning, once per group")]
    public void NeverReplacesOursOrCustom()
    {
        var settings = new RuleSettings { TagsToLabels = ["*"] };
        var result = Evaluate(settings, "cluster=other;api_type=tag;team=pay", "", ("PROMETHEUS_LABEL_api_type", "custom"), ("PROMETHEUS_ENDPOINT", "/a,30s:/b"));
        Assert.Equal(2, result.Targets.Count);
        foreach (var target in result.Targets)
        {
            Assert.Equal("prod", target.Labels["cluster"]);
            Assert.Equal("custom", target.Labels["api_type"]);
            Assert.Equal("pay", target.Labels["team"]);
            Assert.Equal("other", target.Labels["__meta_ecs_tag_task_cluster"]);
        }

        Assert.Equal(1, result.Warnings.Count(w => w.Contains("tag label 'cluster'", System.StringComparison.Ordinal)));
        Assert.Equal(1, result.Warnings.Count(w => w.Contains("tag label 'api_type'", System.StringComparison.Ordinal)));
    }

    [Fact(DisplayName = "R16/R14: with LABEL_STYLE meta the chosen tags are visible labels too, like custom labels")]
    public void MetaStyle()
    {
        var settings = new RuleSettings { TagsToLabels = ["team"], LabelStyle = LabelStyle.Meta };
        var labels = Assert.Single(Evaluate(settings, "team=pay", "").Targets).Labels;
        Assert.Equal("pay", labels["team"]);
        Assert.Equal("pay", labels["__meta_ecs_tag_task_team"]);
    }

    [Fact(DisplayName = "R16/R8: PROMETHEUS_NOLABELS keeps the chosen tag labels like custom labels, and no tag metadata")]
    public void NoLabels()
    {
        var settings = new RuleSettings { TagsToLabels = ["team"] };
        var labels = Assert.Single(Evaluate(settings, "team=pay", "owner=ops", ("PROMETHEUS_NOLABELS", "true")).Targets).Labels;
        Assert.Equal("pay", labels["team"]);
        Assert.DoesNotContain(labels.Keys, k => k.StartsWith("__meta_ecs_tag_", System.StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R16: evaluations cached under one TAGS_TO_LABELS are not reused under another")]
    public void SettingsDiffer()
    {
        Assert.True(new RuleSettings { TagsToLabels = ["team"] }.SameAs(new RuleSettings { TagsToLabels = ["team"] }));
        Assert.False(new RuleSettings { TagsToLabels = ["team"] }.SameAs(new RuleSettings()));
        Assert.False(new RuleSettings { TagsToLabels = ["team"] }.SameAs(new RuleSettings { TagsToLabels = ["Team"] }));
    }
}
