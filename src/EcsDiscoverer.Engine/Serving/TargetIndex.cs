using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// The body of <c>/targets/index</c>: what <c>/targets</c> serves, for people and scripts setting up Prometheus. The
/// snapshot's round and age; per interval file its name, the <c>/targets</c> query that serves it alone, and its group
/// count; the accounts, regions and clusters present, with their group counts.
/// </summary>
internal static class TargetIndex
{
    /// <summary>Renders the index of <paramref name="snapshot"/> as JSON.</summary>
    public static byte[] Render(TargetSnapshot snapshot, DateTimeOffset now)
    {
        var groups = snapshot.Files.SelectMany(f => f.Groups).Select(g => (Group: g, Arn: TargetFilter.ClusterArn(g))).ToList();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("round", snapshot.Round);
            writer.WriteString("completedAt", snapshot.CompletedAt.UtcDateTime);
            writer.WriteNumber("ageSeconds", Math.Round(Math.Max(0, (now - snapshot.CompletedAt).TotalSeconds), 1));
            writer.WriteNumber("groups", groups.Count);
            writer.WriteStartArray("files");
            foreach (var file in snapshot.Files)
            {
                writer.WriteStartObject();
                writer.WriteString("name", file.FileName);
                writer.WriteString("interval", ScrapeIntervals.Name(file.Interval));
                writer.WriteString("url", ServerRoutes.TargetsPath + "?interval=" + ScrapeIntervals.Name(file.Interval));
                writer.WriteNumber("groups", file.GroupCount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteCounts(writer, "accounts", "account", groups.Select(g => ArnParts.Account(g.Arn)));
            WriteCounts(writer, "regions", "region", groups.Select(g => ArnParts.Region(g.Arn)));

            // Names can repeat across accounts and regions: one entry per cluster ARN, with its name for the filter.
            writer.WriteStartArray("clusters");
            foreach (var cluster in groups.GroupBy(g => g.Arn, StringComparer.Ordinal).Where(c => c.Key.Length > 0).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("cluster", ArnParts.ClusterName(cluster.Key));
                writer.WriteString("arn", cluster.Key);
                writer.WriteNumber("groups", cluster.Count());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, string item, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values.Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString(item, value.Key);
            writer.WriteNumber("groups", value.Count());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
