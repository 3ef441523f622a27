using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>Renders target groups as the five file_sd files, deterministically: the same groups give the same bytes.</summary>
internal static class FileSdRenderer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Label values are any UTF-8 text; JSON string escaping keeps them from breaking the file,
        // and unescaped non-ASCII keeps the files readable. Nothing here is embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonEncodedText TargetsName = JsonEncodedText.Encode("targets", WriterOptions.Encoder);
    private static readonly JsonEncodedText LabelsName = JsonEncodedText.Encode("labels", WriterOptions.Encoder);

    // Label names repeat in every group (a few dozen in a fleet): escaped once, not once per group and round. Bounded,
    // since custom labels could bring many names; past the bound a name is escaped each time, as before.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonEncodedText> EncodedNames = new(StringComparer.Ordinal);
    private const int MaxEncodedNames = 4096;

    private static JsonEncodedText EncodedName(string name)
    {
        if (EncodedNames.TryGetValue(name, out var encoded))
        {
            return encoded;
        }

        encoded = JsonEncodedText.Encode(name, WriterOptions.Encoder);
        if (EncodedNames.Count < MaxEncodedNames)
        {
            EncodedNames.TryAdd(name, encoded);
        }

        return encoded;
    }

    /// <summary>Renders all five files (R6 output), <c>[]</c> where an interval has no targets.</summary>
    /// <param name="groups">The target groups.</param>
    /// <param name="fileNames">The file of each interval (<c>FILENAME_*</c>); the default names when null.</param>
    /// <param name="sizeHints">
    /// The size of each file when it was last rendered, by file name: the buffer starts that large, instead of growing
    /// by doublings into garbage several times the file's size (a large-object-heap spike at 20,000 targets).
    /// </param>
    public static IReadOnlyList<FileSdFile> Render(IEnumerable<FileSdGroup> groups, OutputFileNames? fileNames = null, IReadOnlyDictionary<string, int>? sizeHints = null)
    {
        var names = fileNames ?? OutputFileNames.Default;
        var byInterval = (groups ?? throw new ArgumentNullException(nameof(groups)))
            .GroupBy(g => g.Interval)
            .ToDictionary(g => g.Key, g => g.ToList());
        return ScrapeIntervals.All
            .Select(interval =>
            {
                var name = names.Of(interval);
                var hint = sizeHints is not null && sizeHints.TryGetValue(name, out var size) ? size : 0;
                return RenderFile(interval, name, byInterval.TryGetValue(interval, out var list) ? list : new List<FileSdGroup>(), hint);
            })
            .ToList();
    }

    /// <summary>The groups in file order: job, target, metrics path, then the labels; the order every rendering uses.</summary>
    public static IReadOnlyList<FileSdGroup> Order(IEnumerable<FileSdGroup> groups) =>
        groups
            .OrderBy(g => g.Job, StringComparer.Ordinal)
            .ThenBy(g => g.Target, StringComparer.Ordinal)
            .ThenBy(g => g.MetricsPath, StringComparer.Ordinal)
            .ThenBy(g => g.Labels, LabelSetOrder.Instance)
            .ToList();

    /// <summary>
    /// The JSON of a file_sd file (also the body of an http_sd answer): an array of
    /// <c>{"targets":["ip:port"],"labels":{...}}</c> in the order given, ending in a newline. UTF-8, no BOM.
    /// </summary>
    public static byte[] RenderGroups(IEnumerable<FileSdGroup> ordered) => RenderSized(ordered, 0);

    private static byte[] RenderSized(IEnumerable<FileSdGroup> ordered, int sizeHint)
    {
        // A little headroom over the last size: a round usually adds or removes a few groups.
        using var stream = sizeHint > 0 ? new MemoryStream(sizeHint + (sizeHint / 32) + 4096) : new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var group in ordered)
            {
                writer.WriteStartObject();
                writer.WriteStartArray(TargetsName);
                writer.WriteStringValue(group.Target);
                writer.WriteEndArray();
                writer.WriteStartObject(LabelsName);
                // A target's labels are sorted already (LabelDictionary); only groups built otherwise need sorting.
                IEnumerable<KeyValuePair<string, string>> labels = group.Labels is LabelDictionary ? group.Labels : group.Labels.OrderBy(l => l.Key, StringComparer.Ordinal);
                foreach (var label in labels)
                {
                    writer.WriteString(EncodedName(label.Key), label.Value ?? "");
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// The body of the groups of <paramref name="files"/>, file after file: the same bytes as
    /// <see cref="RenderGroups"/> of their groups, made by joining the files' own bytes instead of rendering every group
    /// again. An unfiltered http_sd answer at 20,000 targets is 35 MB of JSON; rendering it per request cost seconds of
    /// CPU and, through the stream's doublings and the final copy, over 100 MB of peak memory (the fleet benchmark).
    /// </summary>
    public static byte[] Concatenate(IReadOnlyList<FileSdFile> files)
    {
        if (files is null)
        {
            throw new ArgumentNullException(nameof(files));
        }

        // Each file is "[" + NL + "  {group}" + ("," + NL + "  {group}")* + NL + "]" + "\n", or "[]\n" when empty (NL is
        // the writer's new line). Its middle, between "[" and the NL before "]", joins with "," to the next file's.
        var middles = new List<ArraySegment<byte>>(files.Count);
        byte[]? newLine = null;
        foreach (var file in files)
        {
            var content = file.Content;
            var close = Array.LastIndexOf(content, (byte)']');
            if (content.Length < 3 || content[0] != (byte)'[' || close != content.Length - 2 || content[content.Length - 1] != (byte)'\n')
            {
                // Not a file this renderer wrote: render the groups.
                return RenderGroups(files.SelectMany(f => f.Groups));
            }

            if (close == 1)
            {
                continue; // "[]": no groups.
            }

            var lineStart = content[close - 1] == (byte)'\n' && close >= 2 && content[close - 2] == (byte)'\r' ? close - 2 : close - 1;
            if (newLine is null)
            {
                newLine = new byte[close - lineStart];
                Array.Copy(content, lineStart, newLine, 0, newLine.Length);
            }

            middles.Add(new ArraySegment<byte>(content, 1, lineStart - 1));
        }

        if (middles.Count == 0)
        {
            return RenderGroups(Array.Empty<FileSdGroup>());
        }

        var length = 1 + middles.Sum(m => m.Count) + (middles.Count - 1) + newLine!.Length + 2;
        var body = new byte[length];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < middles.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            Array.Copy(middles[i].Array!, middles[i].Offset, body, at, middles[i].Count);
            at += middles[i].Count;
        }

        newLine.CopyTo(body, at);
        at += newLine.Length;
        body[at++] = (byte)']';
        body[at] = (byte)'\n';
        return body;
    }

    private static FileSdFile RenderFile(ScrapeInterval interval, string fileName, List<FileSdGroup> groups, int sizeHint)
    {
        var ordered = Order(groups);
        return new FileSdFile(interval, fileName, RenderSized(ordered, sizeHint), ordered);
    }

    /// <summary>
    /// The last tie-breaker, so that two groups with the same job, target and path still sort the same way: label sets
    /// compared pair by pair (name, then value, ordinal). Joining them into one string would let a value holding the
    /// separator (any character can be in a value) make two different sets equal, and their order then follow the input.
    /// </summary>
    private sealed class LabelSetOrder : IComparer<IReadOnlyDictionary<string, string>>
    {
        public static readonly LabelSetOrder Instance = new();

        public int Compare(IReadOnlyDictionary<string, string>? x, IReadOnlyDictionary<string, string>? y)
        {
            var left = (x ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
            var right = (y ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
            {
                var byName = string.CompareOrdinal(left[i].Key, right[i].Key);
                if (byName != 0)
                {
                    return byName;
                }

                var byValue = string.CompareOrdinal(left[i].Value, right[i].Value);
                if (byValue != 0)
                {
                    return byValue;
                }
            }

            return left.Count.CompareTo(right.Count);
        }
    }
}
