using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R2: the environment a container runs with, as far as the ECS API shows it, and its docker labels.</summary>
internal static class ContainerEnvironment
{
    /// <summary>
    /// The container definition's variables, each replaced by the task override of the same name.
    /// Within one list a later duplicate wins, as Docker applies them. Entries without a name are ignored.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Merge(IEnumerable<EcsKeyValue>? definition, IEnumerable<EcsKeyValue>? overrides)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Apply(result, definition);
        Apply(result, overrides);
        return result;
    }

    /// <summary>The override environment the task gives for one container, or null.</summary>
    public static IEnumerable<EcsKeyValue>? OverridesFor(EcsTask task, string containerName)
    {
        if (task?.Overrides?.ContainerOverrides is not { } overrides)
        {
            return null;
        }

        List<EcsKeyValue>? found = null;
        foreach (var entry in overrides)
        {
            if (entry is not null && string.Equals(entry.Name, containerName, StringComparison.Ordinal) && entry.Environment is not null)
            {
                found ??= new List<EcsKeyValue>();
                found.AddRange(entry.Environment);
            }
        }

        return found;
    }

    /// <summary>The docker labels as a map; a label without a value reads as empty (ECS allows it).</summary>
    public static IReadOnlyDictionary<string, string> DockerLabels(IReadOnlyDictionary<string, string?>? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels ?? new Dictionary<string, string?>())
        {
            if (!string.IsNullOrEmpty(label.Key))
            {
                result[label.Key] = label.Value ?? "";
            }
        }

        return result;
    }

    private static void Apply(Dictionary<string, string> target, IEnumerable<EcsKeyValue>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var pair in values)
        {
            if (pair is not null && !string.IsNullOrEmpty(pair.Name))
            {
                target[pair.Name!] = pair.Value ?? "";
            }
        }
    }
}
