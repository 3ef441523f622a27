using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules.Conventions;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>Applies R1-R16 to one task: which of its containers are targets, with which labels, and why others are not.</summary>
internal static class TaskTargetRule
{
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
            var keys = new ContainerKeys(
                ContainerEnvironment.Merge(containerDefinition.Environment, ContainerEnvironment.OverridesFor(task, name)),
                ContainerEnvironment.DockerLabels(containerDefinition.DockerLabels));
            if (!ConventionRule.PassesFilter(settings.DockerLabelFilter, keys) || ConventionRule.Match(settings.SelectedConventions, keys) is not { } match)
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

            var ports = new List<(ScrapeSpec Spec, int Port)>();
            foreach (var spec in match.Specs)
            {
                var resolved = PortRule.ResolveAll(spec, mode, containerDefinition.PortMappings, container.NetworkBindings);
                ports.AddRange(resolved.Where(p => p.Port is not null).Select(p => (spec, p.Port!.Value)));

                // One skip record per key set, however many of its listed ports failed (R13.1).
                var failed = resolved.Where(p => p.Port is null).ToList();
                if (failed.Count > 0)
                {
                    result.Skipped.Add(Skip(facts, name, failed[0].Reason!.Value, InSet(spec, string.Join("; ", failed.Select(f => f.Detail)))));
                }
            }

            if (ports.Count == 0)
            {
                continue;
            }

            var host = AddressRule.Resolve(mode, container, task.Attachments, facts.Host, settings.AddressFamily);
            if (host is null)
            {
                result.Skipped.Add(Skip(facts, name, SkipReason.NoAddress, AddressRule.MissingDetail(mode, facts.Ec2InstanceId, settings.AddressFamily)));
                continue;
            }

            // What every port and endpoint of the container shares is worked out once (R13.1).
            var context = $"task {ArnParts.LastSegment(task.TaskArn)} container '{name}'";
            var labelWarnings = new List<string>();
            var custom = CustomLabelRule.Extract(keys, settings, labelWarnings);
            var tags = TagLabelRule.Visible(task.Tags, definition.Tags, settings.TagsToLabels, labelWarnings);
            result.Warnings.AddRange(labelWarnings.Select(w => $"{context}: {w}"));
            var image = container.Image ?? containerDefinition.Image;
            var networkMode = string.IsNullOrEmpty(definition.NetworkMode) ? "bridge" : definition.NetworkMode!;
            var marked = new MarkedContainer(
                containerDefinition,
                container,
                match,
                host,
                image,
                networkMode,
                context,
                custom,
                tags,
                MetaLabelRule.Build(facts, name, image, networkMode, host, match.Convention.Name));
            foreach (var set in ports.Distinct().GroupBy(p => p.Spec))
            {
                AddTargets(result, facts, settings, marked, set.Key, set.Select(p => p.Port).ToList());
            }
        }

        // Named sets that inherit one endpoint list report its problems once.
        var warnings = result.Warnings.Distinct(StringComparer.Ordinal).ToList();
        result.Warnings.Clear();
        result.Warnings.AddRange(warnings);
        return result;
    }

    // One key set of a marked container: its scheme and endpoints, for each of its ports.
    private static void AddTargets(TaskEvaluation result, TaskFacts facts, RuleSettings settings, MarkedContainer marked, ScrapeSpec spec, IReadOnlyList<int> ports)
    {
        var task = facts.Task;
        var definition = facts.Definition;
        var name = marked.Definition.Name ?? "";

        var scheme = SchemeRule.Parse(spec.Scheme);
        if (scheme.Invalid)
        {
            result.Skipped.Add(Skip(facts, name, SkipReason.InvalidScheme, InSet(spec, $"{spec.SchemeKey} '{spec.Scheme}' is neither http nor https")));
            return;
        }

        // A convention with one path key has no intervals: its path stands where the fallback path would.
        var endpoints = spec.Path is { } path && spec.Endpoints is null
            ? EndpointRule.Parse(null, string.IsNullOrWhiteSpace(path) ? settings.FallbackMetricsPath : path, settings.DefaultInterval)
            : EndpointRule.Parse(spec.Endpoints, settings.FallbackMetricsPath, settings.DefaultInterval);
        result.Warnings.AddRange(endpoints.Warnings.Select(w => $"{marked.Context}: {w}"));

        var tagWarnings = new List<string>();
        var isEc2 = IsEc2(task);
        var job = string.IsNullOrWhiteSpace(spec.Job) ? definition.Family ?? "" : spec.Job!.Trim();
        foreach (var endpoint in ports.SelectMany(port => endpoints.Endpoints.Select(endpoint => (Port: port, endpoint.Interval, endpoint.Path))))
        {
            var port = endpoint.Port;
            var target = AddressRule.HostPort(marked.Host, port);
            var labels = TargetLabelRule.Build(
                new TargetLabelInput
                {
                    Target = target,
                    Job = job,
                    MetricsPath = endpoint.Path,
                    Scheme = scheme.Scheme,
                    ClusterName = facts.ClusterName,
                    Revision = definition.Revision,
                    TaskId = ArnParts.LastSegment(task.TaskArn),
                    IsEc2 = isEc2,
                    ContainerId = string.IsNullOrEmpty(marked.Container.ContainerArn) ? null : ArnParts.LastSegment(marked.Container.ContainerArn),
                    Ec2InstanceId = facts.Ec2InstanceId,
                    NoLabels = marked.Match.NoLabels,
                    ScopeLabels = settings.ScopeLabels,
                    Style = settings.LabelStyle,
                    Meta = marked.Meta,
                    Custom = marked.Custom,
                    Tags = marked.Tags,
                },
                settings.LabelNames,
                tagWarnings);

            result.Targets.Add(new ScrapeTarget
            {
                Interval = endpoint.Interval,
                Host = marked.Host,
                Port = port,
                MetricsPath = endpoint.Path,
                Scheme = scheme.Scheme,
                Convention = marked.Match.Convention.Name,
                Job = job,
                ClusterName = facts.ClusterName,
                ClusterArn = task.ClusterArn ?? "",
                TaskArn = task.TaskArn ?? "",
                TaskId = ArnParts.LastSegment(task.TaskArn),
                TaskDefinitionArn = definition.TaskDefinitionArn ?? task.TaskDefinitionArn ?? "",
                Revision = definition.Revision,
                ContainerName = name,
                ContainerArn = marked.Container.ContainerArn,
                Image = marked.Image,
                LaunchType = task.LaunchType,
                NetworkMode = marked.NetworkMode,
                Ec2InstanceId = facts.Ec2InstanceId,
                Labels = LabelDictionary.From(labels),
            });
        }

        // R16: once per key set, however many ports and endpoints met the same clash.
        result.Warnings.AddRange(tagWarnings.Distinct().Select(w => $"{marked.Context}: {w}"));
    }

    // A named key set's problems say which set (R13.2).
    private static string InSet(ScrapeSpec spec, string detail) => spec.SetName.Length == 0 ? detail : $"port set {spec.SetName}: {detail}";

    /// <summary>A task runs on EC2 when it says so, or when it has a container instance without a launch type (capacity providers).</summary>
    public static bool IsEc2(EcsTask task) =>
        string.Equals(task.LaunchType, "EC2", StringComparison.OrdinalIgnoreCase)
        || (string.IsNullOrEmpty(task.LaunchType) && !string.IsNullOrEmpty(task.ContainerInstanceArn));

    // One marked container, as the label and target rules read it: what all its ports and endpoints share.
    private sealed record MarkedContainer(
        EcsContainerDefinition Definition,
        EcsContainer Container,
        ConventionMatch Match,
        string Host,
        string? Image,
        string NetworkMode,
        string Context,
        IReadOnlyList<KeyValuePair<string, string>> Custom,
        IReadOnlyList<KeyValuePair<string, string>> Tags,
        IReadOnlyList<KeyValuePair<string, string>> Meta);

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

}
