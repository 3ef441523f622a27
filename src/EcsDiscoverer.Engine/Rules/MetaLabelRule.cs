using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>
/// R7, R14 and R16: the <c>__meta_ecs_*</c> labels of a target group. Ours since the seed, and every one Prometheus's own
/// <c>aws_sd_configs</c> with <c>role: ecs</c> defines, with its name and meaning, wherever the calls we make give the
/// data; so relabel rules written for either carry over. Prometheus drops them after relabeling.
/// </summary>
internal static class MetaLabelRule
{
    /// <summary>The labels; empty values are kept (Prometheus treats an empty label as absent).</summary>
    public static List<KeyValuePair<string, string>> Build(TaskFacts facts, string containerName, string? image, string networkMode, string address, string convention)
    {
        var task = facts.Task;
        var definitionArn = facts.Definition.TaskDefinitionArn ?? task.TaskDefinitionArn ?? "";
        var labels = new List<KeyValuePair<string, string>>
        {
            // Ours (R7).
            new(TargetLabelRule.ClusterArnLabel, task.ClusterArn ?? ""),
            new("__meta_ecs_task_arn", task.TaskArn ?? ""),
            new("__meta_ecs_task_definition_arn", definitionArn),
            new("__meta_ecs_container_name", containerName),
            new("__meta_ecs_container_image", image ?? ""),
            new("__meta_ecs_launch_type", task.LaunchType ?? ""),
            new("__meta_ecs_network_mode", networkMode),
            new("__meta_ecs_availability_zone", task.AvailabilityZone ?? ""),
            new("__meta_ecs_service", ArnParts.ServiceName(task.Group)),
            new("__meta_ecs_health_status", task.HealthStatus ?? ""),
            new("__meta_ecs_ec2_instance_id", facts.Ec2InstanceId ?? ""),
            new("__meta_ecs_convention", convention),

            // Prometheus's role: ecs (R14), where ours does not already have the name.
            new("__meta_ecs_cluster", facts.ClusterName),
            new("__meta_ecs_task_definition", definitionArn),
            new("__meta_ecs_task_group", task.Group ?? ""),
            new(TargetLabelRule.RegionMetaLabel, ArnParts.Region(task.TaskArn) is { Length: > 0 } region ? region : ArnParts.Region(task.ClusterArn)),
            new(TargetLabelRule.AccountMetaLabel, ArnParts.Account(task.TaskArn) is { Length: > 0 } account ? account : ArnParts.Account(task.ClusterArn)),
            new("__meta_ecs_ip_address", address),
            new("__meta_ecs_subnet_id", SubnetId(task) ?? facts.Host?.SubnetId ?? ""),
            new("__meta_ecs_desired_status", task.DesiredStatus ?? ""),
            new("__meta_ecs_last_status", task.LastStatus ?? ""),
            new("__meta_ecs_platform_family", task.PlatformFamily ?? ""),
            new("__meta_ecs_platform_version", task.PlatformVersion ?? ""),
            new("__meta_ecs_container_instance_arn", task.ContainerInstanceArn ?? ""),
            new("__meta_ecs_ec2_instance_private_ip", string.IsNullOrEmpty(task.ContainerInstanceArn) ? "" : facts.Host?.PrivateIpv4 ?? ""),
        };

        // R16: the tags of the task and of its definition.
        labels.AddRange(TagLabelRule.Meta(task.Tags, facts.Definition.Tags));

        // R14: what DescribeInstances says about the task's EC2 host.
        labels.AddRange(Ec2HostLabels.Build(string.IsNullOrEmpty(task.ContainerInstanceArn) ? null : facts.Host, NetworkModes.Parse(facts.Definition.NetworkMode) == NetworkMode.AwsVpc));
        return labels;
    }

    // awsvpc tasks: the ENI attachment's subnet. Prometheus reads an EC2 host's subnet from DescribeInstances too.
    private static string? SubnetId(EcsTask task) =>
        (task.Attachments ?? new List<EcsAttachment>())
            .Where(a => a?.Details is not null)
            .SelectMany(a => a.Details!)
            .FirstOrDefault(d => d is not null && string.Equals(d.Name, "subnetId", StringComparison.OrdinalIgnoreCase))?.Value;
}
