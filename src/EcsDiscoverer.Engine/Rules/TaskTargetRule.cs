using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>Applies R1-R9 to one task: which of its containers are targets, with which labels, and why others are not.</summary>
internal static class TaskTargetRule
{
    private const string PortVariable = "PROMETHEUS_PORT";
    private const string ContainerPortVariable = "PROMETHEUS_CONTAINER_PORT";
    private const string EndpointVariable = "PROMETHEUS_ENDPOINT";
    private const string NoLabelsVariable = "PROMETHEUS_NOLABELS";

    /// <summary>Evaluates the task. Never throws on missing or malformed fields.</summary>
    public static TaskEvaluation Evaluate(TaskFacts facts, RuleSettings settings)
    {
        if (facts is null)
        {
            throw new ArgumentNullException(nameof(facts));
        }

        settings ??= new RuleSettings();
        var result = new TaskEvaluation();
        var task = facts.Task;
        var definition = facts.Definition;
        var mode = NetworkModes.Parse(definition.NetworkMode);
        var running = string.Equals(task.LastStatus, "RUNNING", StringComparison.Ordinal);

        foreach (var containerDefinition in (definition.ContainerDefinitions ?? new List<EcsContainerDefinition>()).Where(c => c is not null))
        {
            var name = containerDefinition.Name ?? "";
            var environment = ContainerEnvironment.Merge(containerDefinition.Environment, ContainerEnvironment.OverridesFor(task, name));
            if (!environment.TryGetValue(settings.MarkerVariable, out var marker) || !MarkerRule.IsMarked(marker))
            {
                continue;
            }

            if (!running)
            {
                // R1: looked at again next round.
                result.Skipped.Add(Skip(facts, name, SkipReason.NotRunning, $"the task is {task.LastStatus ?? "in an unknown state"}, not RUNNING"));
                continue;
            }

            var container = task.Containers?.FirstOrDefault(c => c is not null && string.Equals(c.Name, name, StringComparison.Ordinal));
            if (container is null)
            {
                result.Skipped.Add(Skip(facts, name, SkipReason.NoRuntimeContainer, $"the task definition has container '{name}' but the running task does not"));
                continue;
            }

            var port = PortRule.Resolve(
                Get(environment, PortVariable), Get(environment, ContainerPortVariable), mode, containerDefinition.PortMappings, container.NetworkBindings);
            if (port.Port is null)
            {
                result.Skipped.Add(Skip(facts, name, port.Reason!.Value, port.Detail ?? ""));
                continue;
            }

            var host = AddressRule.Resolve(mode, container, task.Attachments, facts.HostPrivateIp);
            if (host is null)
            {
                result.Skipped.Add(Skip(facts, name, SkipReason.NoAddress, mode == NetworkMode.AwsVpc
                    ? "the task has no private IPv4 address on its network interface or ENI attachment"
                    : $"no private IPv4 address is known for the task's host (EC2 instance {facts.Ec2InstanceId ?? "unknown"})"));
                continue;
            }

            AddTargets(result, facts, settings, environment, containerDefinition, container, host, port.Port.Value);
        }

        return result;
    }

    private static void AddTargets(
        TaskEvaluation result,
        TaskFacts facts,
        RuleSettings settings,
        IReadOnlyDictionary<string, string> environment,
        EcsContainerDefinition containerDefinition,
        EcsContainer container,
        string host,
        int port)
    {
        var task = facts.Task;
        var definition = facts.Definition;
        var name = containerDefinition.Name ?? "";
        var context = $"task {ArnParts.LastSegment(task.TaskArn)} container '{name}'";

        var endpoints = EndpointRule.Parse(Get(environment, EndpointVariable), settings.FallbackMetricsPath);
        result.Warnings.AddRange(endpoints.Warnings.Select(w => $"{context}: {w}"));

        var customWarnings = new List<string>();
        var custom = CustomLabelRule.Extract(environment, settings.LabelVariablePrefix, customWarnings);
        result.Warnings.AddRange(customWarnings.Select(w => $"{context}: {w}"));

        var noLabels = string.Equals(Get(environment, NoLabelsVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var isEc2 = IsEc2(task);
        var image = container.Image ?? containerDefinition.Image;
        var networkMode = string.IsNullOrEmpty(definition.NetworkMode) ? "bridge" : definition.NetworkMode!;
        var meta = MetaLabels(facts, name, image, networkMode);
        var job = definition.Family ?? "";
        var target = host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var endpoint in endpoints.Endpoints)
        {
            var labels = TargetLabelRule.Build(
                new TargetLabelInput
                {
                    Target = target,
                    Job = job,
                    MetricsPath = endpoint.Path,
                    ClusterName = facts.ClusterName,
                    Revision = definition.Revision,
                    TaskId = ArnParts.LastSegment(task.TaskArn),
                    IsEc2 = isEc2,
                    ContainerId = string.IsNullOrEmpty(container.ContainerArn) ? null : ArnParts.LastSegment(container.ContainerArn),
                    Ec2InstanceId = facts.Ec2InstanceId,
                    NoLabels = noLabels,
                    Meta = meta,
                    Custom = custom,
                },
                settings.LabelNames);

            result.Targets.Add(new ScrapeTarget
            {
                Interval = endpoint.Interval,
                Host = host,
                Port = port,
                MetricsPath = endpoint.Path,
                Job = job,
                ClusterName = facts.ClusterName,
                ClusterArn = task.ClusterArn ?? "",
                TaskArn = task.TaskArn ?? "",
                TaskId = ArnParts.LastSegment(task.TaskArn),
                TaskDefinitionArn = definition.TaskDefinitionArn ?? task.TaskDefinitionArn ?? "",
                Revision = definition.Revision,
                ContainerName = name,
                ContainerArn = container.ContainerArn,
                Image = image,
                LaunchType = task.LaunchType,
                NetworkMode = networkMode,
                Ec2InstanceId = facts.Ec2InstanceId,
                Labels = LabelDictionary.From(labels),
            });
        }
    }

    /// <summary>A task runs on EC2 when it says so, or when it has a container instance without a launch type (capacity providers).</summary>
    public static bool IsEc2(EcsTask task) =>
        string.Equals(task.LaunchType, "EC2", StringComparison.OrdinalIgnoreCase)
        || (string.IsNullOrEmpty(task.LaunchType) && !string.IsNullOrEmpty(task.ContainerInstanceArn));

    private static List<KeyValuePair<string, string>> MetaLabels(TaskFacts facts, string containerName, string? image, string networkMode)
    {
        var task = facts.Task;
        return new List<KeyValuePair<string, string>>
        {
            new(TargetLabelRule.ClusterArnLabel, task.ClusterArn ?? ""),
            new("__meta_ecs_task_arn", task.TaskArn ?? ""),
            new("__meta_ecs_task_definition_arn", facts.Definition.TaskDefinitionArn ?? task.TaskDefinitionArn ?? ""),
            new("__meta_ecs_container_name", containerName),
            new("__meta_ecs_container_image", image ?? ""),
            new("__meta_ecs_launch_type", task.LaunchType ?? ""),
            new("__meta_ecs_network_mode", networkMode),
            new("__meta_ecs_availability_zone", task.AvailabilityZone ?? ""),
            new("__meta_ecs_service", ArnParts.ServiceName(task.Group)),
            new("__meta_ecs_health_status", task.HealthStatus ?? ""),
            new("__meta_ecs_ec2_instance_id", facts.Ec2InstanceId ?? ""),
        };
    }

    /// <summary>A skip record for the container <paramref name="containerName"/> of the task.</summary>
    public static SkippedContainer Skip(TaskFacts facts, string containerName, SkipReason reason, string detail) => new()
    {
        ClusterName = facts.ClusterName,
        TaskArn = facts.Task.TaskArn ?? "",
        TaskId = ArnParts.LastSegment(facts.Task.TaskArn),
        TaskDefinitionArn = facts.Definition.TaskDefinitionArn ?? facts.Task.TaskDefinitionArn ?? "",
        Family = facts.Definition.Family ?? "",
        Revision = facts.Definition.Revision,
        ContainerName = containerName,
        Reason = reason,
        Detail = detail,
    };

    private static string? Get(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) ? value : null;
}
