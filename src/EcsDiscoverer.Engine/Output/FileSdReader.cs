using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>Reads back file_sd files this module wrote, to keep a failed cluster's last good targets (R10).</summary>
internal static class FileSdReader
{
    /// <summary>The groups of the five files in <paramref name="directory"/>; missing or unreadable files give none.</summary>
    /// <param name="directory">The output directory.</param>
    /// <param name="fileNames">The file of each interval (<c>FILENAME_*</c>); the default names when null.</param>
    public static IReadOnlyList<FileSdGroup> ReadDirectory(string directory, OutputFileNames? fileNames = null)
    {
        var names = fileNames ?? OutputFileNames.Default;
        var groups = new List<FileSdGroup>();
        foreach (var interval in ScrapeIntervals.All)
        {
            var path = Path.Combine(directory, names.Of(interval));
            try
            {
                if (File.Exists(path))
                {
                    groups.AddRange(Parse(interval, File.ReadAllBytes(path)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
            {
                // A file we cannot read back holds nothing we can keep; the new round's targets still get written.
            }
        }

        return groups;
    }

    /// <summary>Parses one file's content.</summary>
    /// <exception cref="JsonException">The content is not file_sd JSON.</exception>
    public static IReadOnlyList<FileSdGroup> Parse(ScrapeInterval interval, byte[] content)
    {
        var groups = new List<FileSdGroup>();
        using var document = JsonDocument.Parse(content);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (element.TryGetProperty("labels", out var labelElement) && labelElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in labelElement.EnumerateObject())
                {
                    labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString() ?? "" : label.Value.GetRawText();
                }
            }

            if (!element.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            labels.TryGetValue("job", out var job);
            labels.TryGetValue(TargetLabelRule.MetricsPathLabel, out var path);
            foreach (var target in targets.EnumerateArray())
            {
                if (target.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(target.GetString()))
                {
                    groups.Add(new FileSdGroup(interval, target.GetString()!, job ?? "", path ?? "", labels));
                }
            }
        }

        return groups;
    }

    /// <summary>
    /// The groups that belong to <paramref name="clusterName"/>, by the <c>__meta_ecs_cluster_arn</c> or the
    /// <c>cluster</c> label. Groups written with <c>PROMETHEUS_NOLABELS</c> carry neither and cannot be attributed.
    /// </summary>
    public static bool BelongsToCluster(FileSdGroup group, string clusterName, LabelNames names)
    {
        if (group.Labels.TryGetValue("__meta_ecs_cluster_arn", out var arn) && !string.IsNullOrEmpty(arn))
        {
            return string.Equals(ArnParts.ClusterName(arn), clusterName, StringComparison.Ordinal);
        }

        return group.Labels.TryGetValue(names.Cluster, out var cluster) && string.Equals(cluster, clusterName, StringComparison.Ordinal);
    }
}
