using System.Collections.Generic;
using System.Globalization;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R7, R8, R9, R13.3, R14 and R16: the label set of one target group.</summary>
internal static class TargetLabelRule
{
    /// <summary>The label name Prometheus reads the scrape path from.</summary>
    public const string MetricsPathLabel = "__metrics_path__";

    /// <summary>The metadata label with the cluster ARN, on every group (R7, R8).</summary>
    public const string ClusterArnLabel = "__meta_ecs_cluster_arn";

    /// <summary>R17: the account id of the task, from its ARN.</summary>
    public const string AccountMetaLabel = "__meta_ecs_account_id";

    /// <summary>R14: the region of the task, from its ARN (Prometheus's name).</summary>
    public const string RegionMetaLabel = "__meta_ecs_region";

    /// <summary>R17: the visible account label of <c>SCOPE_LABELS</c>.</summary>
    public const string AccountIdLabel = "account_id";

    /// <summary>R17: the visible region label of <c>SCOPE_LABELS</c>.</summary>
    public const string RegionLabel = "region";

    /// <summary>The label Prometheus reads the scheme from (R13.3).</summary>
    public const string SchemeLabel = "__scheme__";

    /// <summary>
    /// Builds the labels, sorted by name (ordinal) so output bytes are stable. A tag label (R16) that a label of ours or
    /// a custom label already set is reported to <paramref name="warnings"/>.
    /// </summary>
    public static SortedDictionary<string, string> Build(TargetLabelInput input, LabelNames names, ICollection<string>? warnings = null)
    {
        var labels = new SortedDictionary<string, string>(System.StringComparer.Ordinal)
        {
            [MetricsPathLabel] = input.MetricsPath,
        };

        if (input.Scheme is not null)
        {
            labels[SchemeLabel] = input.Scheme;
        }

        if (input.Style == LabelStyle.Meta)
        {
            // R14: what Prometheus's own discovery gives; the scrape job names the job and sets the instance.
            foreach (var meta in input.Meta)
            {
                labels[meta.Key] = meta.Value;
            }
        }
        else if (input.NoLabels)
        {
            // R8: a stable instance name for blackbox- or pushgateway-style jobs. The cluster ARN stays as metadata
            // (dropped by Prometheus after relabeling) so that R10 can tell whose group this is from the files alone.
            labels[names.Job] = input.Job;
            labels[names.MetricsPath] = input.MetricsPath;
            labels[names.Instance] = input.Job;
            foreach (var meta in input.Meta)
            {
                if (meta.Key == ClusterArnLabel)
                {
                    labels[meta.Key] = meta.Value;
                }
            }
        }
        else
        {
            labels[names.Job] = input.Job;
            labels[names.MetricsPath] = input.MetricsPath;
            labels[names.Instance] = input.Target;
            labels[names.Cluster] = input.ClusterName;
            labels[names.TaskVersion] = input.Revision.ToString(CultureInfo.InvariantCulture);
            labels[names.TaskId] = input.TaskId;
            if (input.IsEc2)
            {
                AddIfPresent(labels, names.ContainerId, input.ContainerId);
                AddIfPresent(labels, names.InstanceId, input.Ec2InstanceId);
            }

            foreach (var meta in input.Meta)
            {
                labels[meta.Key] = meta.Value;
            }
        }

        if (input.ScopeLabels)
        {
            // R17: in every style, as tags are: the fleet's series must say whose cluster they come from.
            labels[AccountIdLabel] = MetaValue(input, AccountMetaLabel);
            labels[RegionLabel] = MetaValue(input, RegionMetaLabel);
        }

        foreach (var custom in input.Custom)
        {
            // R9: a custom label never replaces one of ours.
            if (!labels.ContainsKey(custom.Key))
            {
                labels[custom.Key] = custom.Value;
            }
        }

        foreach (var tag in input.Tags)
        {
            // R16: a tag label never replaces one of ours nor a custom label (R9 wins).
            if (labels.ContainsKey(tag.Key))
            {
                warnings?.Add($"tag label '{tag.Key}' (TAGS_TO_LABELS) is already set by a label of ours or a custom label; the tag is ignored");
            }
            else
            {
                labels[tag.Key] = tag.Value;
            }
        }

        return labels;
    }

    private static string MetaValue(TargetLabelInput input, string name)
    {
        foreach (var meta in input.Meta)
        {
            if (meta.Key == name)
            {
                return meta.Value;
            }
        }

        return "";
    }

    private static void AddIfPresent(SortedDictionary<string, string> labels, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            labels[name] = value!;
        }
    }
}
