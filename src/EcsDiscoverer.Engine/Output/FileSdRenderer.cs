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
    /// <param name="previous">
    /// The files as last rendered, or null. A group whose labels are the same object as one of theirs, with the same
    /// target (a task that did not change keeps its evaluated targets), is copied from them instead of written again:
    /// a round from events changes a few groups of thousands (R18). Their sizes also size the buffers, instead of
    /// growing them by doublings into garbage several times the file's size (a large-object-heap spike at 20,000 targets).
    /// </param>
    public static IReadOnlyList<FileSdFile> Render(IEnumerable<FileSdGroup> groups, OutputFileNames? fileNames = null, IReadOnlyList<FileSdFile>? previous = null)
    {
        var names = fileNames ?? OutputFileNames.Default;
        var byInterval = (groups ?? throw new ArgumentNullException(nameof(groups)))
            .GroupBy(g => g.Interval)
            .ToDictionary(g => g.Key, g => g.ToList());
        var before = RenderedBefore.Of(previous);
        return ScrapeIntervals.All
            .Select(interval =>
            {
                var name = names.Of(interval);
                var hint = previous?.FirstOrDefault(f => f.FileName == name)?.Content.Length ?? 0;
                var ordered = Order(byInterval.TryGetValue(interval, out var list) ? list : new List<FileSdGroup>());
                var (content, fragments) = Assemble(ordered, hint, before);
                return new FileSdFile(interval, name, content, ordered, fragments);
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
    public static byte[] RenderGroups(IEnumerable<FileSdGroup> ordered) =>
        Assemble(ordered as IReadOnlyList<FileSdGroup> ?? (ordered ?? throw new ArgumentNullException(nameof(ordered))).ToList(), 0, RenderedBefore.None).Content;

    // The file: "[", each group's fragment (new line, indentation, object) joined by ",", then new line and "]" (or
    // "[]" without groups), and a final new line: byte for byte what one writer over the whole array writes.
    private static (byte[] Content, (int Start, int Length)[] Fragments) Assemble(IReadOnlyList<FileSdGroup> ordered, int sizeHint, RenderedBefore before)
    {
        // A little headroom over the last size: a round usually adds or removes a few groups.
        using var stream = sizeHint > 0 ? new MemoryStream(sizeHint + (sizeHint / 32) + 4096) : new MemoryStream();
        var fragments = new (int Start, int Length)[ordered.Count];
        using var single = new GroupWriter();
        stream.WriteByte((byte)'[');
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i > 0)
            {
                stream.WriteByte((byte)',');
            }

            var start = (int)stream.Position;
            var group = ordered[i];
            if (before.TryGet(group, out var copy))
            {
                stream.Write(copy.Array!, copy.Offset, copy.Count);
            }
            else
            {
                single.Write(group, stream);
            }

            fragments[i] = (start, (int)stream.Position - start);
        }

        if (ordered.Count > 0)
        {
            var newLine = GroupWriter.NewLine;
            stream.Write(newLine, 0, newLine.Length);
        }

        stream.WriteByte((byte)']');
        stream.WriteByte((byte)'\n');
        return (stream.ToArray(), fragments);
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

    /// <summary>
    /// Writes one group's fragment as a writer over the whole array would write it: the group rendered as the only
    /// element of an array, less the array's brackets and its closing new line.
    /// </summary>
    private sealed class GroupWriter : IDisposable
    {
        private readonly MemoryStream _scratch = new();
        private readonly Utf8JsonWriter _writer;

        public GroupWriter() => _writer = new Utf8JsonWriter(_scratch, WriterOptions);

        /// <summary>The writer's new line, as it ends an array.</summary>
        public static byte[] NewLine { get; } = MeasureNewLine();

        public void Write(FileSdGroup group, Stream destination)
        {
            _scratch.SetLength(0);
            _writer.Reset(_scratch);
            _writer.WriteStartArray();
            _writer.WriteStartObject();
            _writer.WriteStartArray(TargetsName);
            _writer.WriteStringValue(group.Target);
            _writer.WriteEndArray();
            _writer.WriteStartObject(LabelsName);

            // A target's labels are sorted already (LabelDictionary); only groups built otherwise need sorting.
            IEnumerable<KeyValuePair<string, string>> labels = group.Labels is LabelDictionary ? group.Labels : group.Labels.OrderBy(l => l.Key, StringComparer.Ordinal);
            foreach (var label in labels)
            {
                _writer.WriteString(EncodedName(label.Key), label.Value ?? "");
            }

            _writer.WriteEndObject();
            _writer.WriteEndObject();
            _writer.WriteEndArray();
            _writer.Flush();

            // "[" fragment NL "]": the fragment lies between the bracket and the closing new line.
            var buffer = _scratch.GetBuffer();
            var length = (int)_scratch.Length;
            var closeLine = length - 1 - NewLineBefore(buffer, length - 1);
            destination.Write(buffer, 1, closeLine - 1);
        }

        public void Dispose()
        {
            _writer.Dispose();
            _scratch.Dispose();
        }

        private static byte[] MeasureNewLine()
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(0);
                writer.WriteEndArray();
            }

            var bytes = stream.ToArray();
            var count = NewLineBefore(bytes, bytes.Length - 1);
            var newLine = new byte[count];
            Array.Copy(bytes, bytes.Length - 1 - count, newLine, 0, count);
            return newLine;
        }

        // How many bytes of new line ("\n" or "\r\n") come right before position <paramref name="at"/>.
        private static int NewLineBefore(byte[] bytes, int at) =>
            at >= 2 && bytes[at - 1] == (byte)'\n' && bytes[at - 2] == (byte)'\r' ? 2 : at >= 1 && bytes[at - 1] == (byte)'\n' ? 1 : 0;
    }

    /// <summary>
    /// The groups of the files as last rendered, by the identity of their labels: a task that did not change keeps its
    /// evaluated targets, and so the very same label objects, from round to round. Only immutable label sets
    /// (LabelDictionary) are taken, so that a copied fragment can never differ from what writing the group would give.
    /// </summary>
    private sealed class RenderedBefore
    {
        public static readonly RenderedBefore None = new(new Dictionary<object, (FileSdFile, int)>(IdentityComparer.Instance));

        private readonly Dictionary<object, (FileSdFile File, int Index)> _groups;

        private RenderedBefore(Dictionary<object, (FileSdFile, int)> groups) => _groups = groups;

        public static RenderedBefore Of(IReadOnlyList<FileSdFile>? files)
        {
            if (files is null)
            {
                return None;
            }

            var groups = new Dictionary<object, (FileSdFile, int)>(files.Sum(f => f.Groups.Count), IdentityComparer.Instance);
            foreach (var file in files.Where(f => f.Fragments is not null && f.Fragments.Length == f.Groups.Count))
            {
                for (var i = 0; i < file.Groups.Count; i++)
                {
                    if (file.Groups[i].Labels is LabelDictionary labels)
                    {
                        groups[labels] = (file, i);
                    }
                }
            }

            return new RenderedBefore(groups);
        }

        public bool TryGet(FileSdGroup group, out ArraySegment<byte> fragment)
        {
            if (group.Labels is LabelDictionary labels
                && _groups.TryGetValue(labels, out var at)
                && string.Equals(at.File.Groups[at.Index].Target, group.Target, StringComparison.Ordinal))
            {
                var (start, length) = at.File.Fragments![at.Index];
                fragment = new ArraySegment<byte>(at.File.Content, start, length);
                return true;
            }

            fragment = default;
            return false;
        }
    }

    private sealed class IdentityComparer : IEqualityComparer<object>
    {
        public static readonly IdentityComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
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
