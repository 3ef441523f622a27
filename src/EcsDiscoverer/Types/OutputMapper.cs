using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer;

/// <summary>Converts between the engine's records and the module's public output types.</summary>
internal static class OutputMapper
{
    /// <summary>The target object; its FileName is the file of its interval under <paramref name="fileNames"/> (<c>FILENAME_*</c>).</summary>
    public static EcsPrometheusTarget ToOutput(ScrapeTarget target, DiscoveryOutcome outcome, OutputFileNames fileNames)
    {
        var labels = new EcsLabelSet();
        foreach (var label in target.Labels.OrderBy(l => l.Key, System.StringComparer.Ordinal))
        {
            labels[label.Key] = label.Value;
        }

        return new EcsPrometheusTarget
        {
            Target = target.Target,
            Job = target.Job,
            MetricsPath = target.MetricsPath,
            Interval = ScrapeIntervals.Name(target.Interval),
            FileName = fileNames.Of(target.Interval),
            Cluster = target.ClusterName,
            Account = target.Account,
            Region = target.Region,
            TaskId = target.TaskId,
            TaskArn = target.TaskArn,
            ContainerName = target.ContainerName,
            // family:revision from the ARN: a convention's job name (R13) is not the family.
            TaskDefinition = target.TaskDefinitionArn.Length > 0 && target.TaskDefinitionArn.Contains('/')
                ? target.TaskDefinitionArn.Substring(target.TaskDefinitionArn.LastIndexOf('/') + 1)
                : target.Job + ":" + target.Revision.ToString(CultureInfo.InvariantCulture),
            Scheme = target.Scheme ?? "",
            Convention = target.Convention,
            LaunchType = target.LaunchType ?? "",
            NetworkMode = target.NetworkMode,
            Ec2InstanceId = target.Ec2InstanceId ?? "",
            Labels = labels,
            Outcome = outcome,
        };
    }

    public static EcsSkippedContainer ToOutput(SkippedContainer skipped) => new()
    {
        Cluster = skipped.ClusterName,
        Job = skipped.Family,
        TaskId = skipped.TaskId,
        TaskArn = skipped.TaskArn,
        TaskDefinition = string.IsNullOrEmpty(skipped.Family)
            ? skipped.TaskDefinitionArn
            : skipped.Family + ":" + skipped.Revision.ToString(CultureInfo.InvariantCulture),
        ContainerName = skipped.ContainerName,
        Reason = SkipReasons.Name(skipped.Reason),
        Detail = skipped.Detail,
    };

    /// <summary>The file_sd group of a (possibly user-edited) target object.</summary>
    /// <exception cref="System.ArgumentException">The object would make a file Prometheus rejects.</exception>
    public static FileSdGroup ToGroup(EcsPrometheusTarget target)
    {
        if (!ScrapeIntervals.TryParse(target.Interval, out var interval))
        {
            throw new System.ArgumentException($"Interval '{target.Interval}' is not one of generic, 15s, 30s, 1m, 5m.");
        }

        if (string.IsNullOrWhiteSpace(target.Target) || target.Target.IndexOf(':') <= 0)
        {
            throw new System.ArgumentException($"Target '{target.Target}' is not of the form host:port.");
        }

        var labels = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in target.Labels ?? new OrderedDictionary())
        {
            var key = entry.Key?.ToString();
            if (!LabelNameRule.IsValid(key))
            {
                throw new System.ArgumentException($"Label name '{key}' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*).");
            }

            labels[key!] = System.Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? "";
        }

        return new FileSdGroup(interval, target.Target, target.Job, target.MetricsPath, labels);
    }
}
