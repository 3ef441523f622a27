using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>
/// R16: the tags of a task and of its task definition as labels. Every tag is metadata, under Prometheus's
/// <c>role: ecs</c> name for task tags, a name of ours for task-definition tags and prometheus-ecs-sd's merged name;
/// <c>TAGS_TO_LABELS</c> also makes the tags it names visible labels.
/// </summary>
internal static class TagLabelRule
{
    /// <summary>A task tag, as Prometheus's <c>role: ecs</c> names it.</summary>
    public const string TaskPrefix = "__meta_ecs_tag_task_";

    /// <summary>A task-definition tag.</summary>
    public const string DefinitionPrefix = "__meta_ecs_tag_task_definition_";

    /// <summary>prometheus-ecs-sd's name: task tags over task-definition tags, <c>aws:</c> tags left out.</summary>
    public const string MergedPrefix = "__meta_ecs_tag_";

    /// <summary>The <c>TAGS_TO_LABELS</c> entry that selects every tag but the <c>aws:</c> ones.</summary>
    public const string AllTags = "*";

    /// <summary>
    /// The metadata labels, every name once: task tags first, then task-definition tags, then the merged ones, so when
    /// two names meet (a task tag <c>definition_x</c> and a definition tag <c>x</c>) the more specific one wins.
    /// </summary>
    public static List<KeyValuePair<string, string>> Meta(IReadOnlyList<EcsTag>? taskTags, IReadOnlyList<EcsTag>? definitionTags)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (taskTags is not { Count: > 0 } && definitionTags is not { Count: > 0 })
        {
            return labels;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(string prefix, IEnumerable<KeyValuePair<string, string>> tags)
        {
            foreach (var tag in tags)
            {
                var name = prefix + SanitizeMetaName(tag.Key);
                if (names.Add(name))
                {
                    labels.Add(new KeyValuePair<string, string>(name, tag.Value));
                }
            }
        }

        Add(TaskPrefix, Usable(taskTags));
        Add(DefinitionPrefix, Usable(definitionTags));
        Add(MergedPrefix, Merge(taskTags, definitionTags).Where(tag => !IsAwsTag(tag.Key)));
        return labels;
    }

    /// <summary>
    /// The visible labels <paramref name="tagsToLabels"/> selects, named by <see cref="LabelNameRule.Sanitize(string?)"/>:
    /// exact, case-sensitive tag keys, or <c>*</c> for every tag but the <c>aws:</c> ones (a listed <c>aws:</c> key is
    /// taken). A key that gives no valid name, or one another tag already gave, is reported to
    /// <paramref name="warnings"/> and left out. Whether a label of ours or a custom label wins is decided later
    /// (<see cref="TargetLabelRule"/>).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Visible(
        IReadOnlyList<EcsTag>? taskTags, IReadOnlyList<EcsTag>? definitionTags, IReadOnlyList<string>? tagsToLabels, ICollection<string> warnings)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (tagsToLabels is not { Count: > 0 } || (taskTags is not { Count: > 0 } && definitionTags is not { Count: > 0 }))
        {
            return labels;
        }

        var all = tagsToLabels.Contains(AllTags, StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in Merge(taskTags, definitionTags))
        {
            if (!tagsToLabels.Contains(tag.Key, StringComparer.Ordinal) && !(all && !IsAwsTag(tag.Key)))
            {
                continue;
            }

            var name = LabelNameRule.Sanitize(tag.Key);
            if (name is null)
            {
                warnings.Add($"tag '{tag.Key}' (TAGS_TO_LABELS) gives no valid label name (empty, or starting with '__'); it is ignored");
            }
            else if (!names.Add(name))
            {
                warnings.Add($"tag '{tag.Key}' (TAGS_TO_LABELS) gives the label name '{name}' that another tag already set; it is ignored");
            }
            else
            {
                labels.Add(new KeyValuePair<string, string>(name, tag.Value));
            }
        }

        return labels;
    }

    /// <summary>The tags by key (ordinal order), a task tag replacing the task-definition tag with its key.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Merge(IReadOnlyList<EcsTag>? taskTags, IReadOnlyList<EcsTag>? definitionTags)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in Usable(definitionTags).Concat(Usable(taskTags)))
        {
            merged[tag.Key] = tag.Value;
        }

        return merged.ToList();
    }

    /// <summary>Prometheus's <c>strutil.SanitizeLabelName</c>: every character (code point) outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c>; no case change.</summary>
    public static string SanitizeMetaName(string key)
    {
        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
        }

        return builder.ToString();
    }

    /// <summary>AWS's own tags (<c>aws:ecs:clusterName</c>, ...), in any case, as prometheus-ecs-sd tells them.</summary>
    public static bool IsAwsTag(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    // Tags with a key, by key in ordinal order (stable names whatever order ECS lists them in); the first of a repeated
    // key wins; a missing value is empty.
    private static IEnumerable<KeyValuePair<string, string>> Usable(IReadOnlyList<EcsTag>? tags) =>
        (tags ?? (IReadOnlyList<EcsTag>)Array.Empty<EcsTag>())
            .Where(tag => !string.IsNullOrEmpty(tag?.Key))
            .GroupBy(tag => tag.Key!, StringComparer.Ordinal)
            .Select(group => new KeyValuePair<string, string>(group.Key, group.First().Value ?? ""))
            .OrderBy(tag => tag.Key, StringComparer.Ordinal);
}
