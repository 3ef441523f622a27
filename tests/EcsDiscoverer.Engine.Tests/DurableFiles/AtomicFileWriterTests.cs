using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.DurableFiles;

public class AtomicFileWriterTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact(DisplayName = "R10: creates the file, then replaces it, leaving no temporary file")]
    public void CreatesAndReplaces()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        Assert.Equal(WriteOutcome.Written, AtomicFileWriter.Write(path, Bytes("[]\n")));
        Assert.Equal(WriteOutcome.Written, AtomicFileWriter.Write(path, Bytes("[1]\n")));
        Assert.Equal("[1]\n", File.ReadAllText(path));
        Assert.Equal(new[] { "tasks.json" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact(DisplayName = "R10: unchanged content is not rewritten (the file is not touched)")]
    public void UnchangedIsSkipped()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        AtomicFileWriter.Write(path, Bytes("[]\n"));
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, past);
        Assert.Equal(WriteOutcome.Unchanged, AtomicFileWriter.Write(path, Bytes("[]\n")));
        Assert.Equal(past, File.GetLastWriteTimeUtc(path));
    }

    [Theory(DisplayName = "R10: a file of the same length is compared byte for byte, across buffer boundaries")]
    [InlineData(10, -1, "Unchanged")]
    [InlineData(10, 9, "Written")]
    [InlineData(200_000, -1, "Unchanged")]
    [InlineData(200_000, 0, "Written")]
    [InlineData(200_000, 65_536, "Written")]
    [InlineData(200_000, 199_999, "Written")]
    public void ComparesLargeFiles(int length, int differAt, string outcome)
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        var content = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();
        AtomicFileWriter.Write(path, content);
        var next = (byte[])content.Clone();
        if (differAt >= 0)
        {
            next[differAt] = (byte)'#';
        }

        Assert.Equal(Enum.Parse<WriteOutcome>(outcome), AtomicFileWriter.Write(path, next));
        Assert.Equal(next, File.ReadAllBytes(path));
    }

    [Fact(DisplayName = "R10: a write that fails leaves the old file as it was and no temporary file")]
    public void FailureKeepsOldFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        AtomicFileWriter.Write(path, Bytes("[\"old\"]\n"));
        // A directory standing where the file should go makes the rename fail after the temp file was written.
        var blocked = dir.File("30s-tasks.json");
        Directory.CreateDirectory(blocked);
        Assert.ThrowsAny<IOException>(() => AtomicFileWriter.Write(blocked, Bytes("[]\n")));
        Assert.Equal("[\"old\"]\n", File.ReadAllText(path));
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(AtomicFileWriter.TemporarySuffix, StringComparison.Ordinal));
    }

    [Fact(DisplayName = "R10: a missing directory is an IOException, not a crash or a partial file")]
    public void MissingDirectory()
    {
        using var dir = new TempDirectory();
        Assert.ThrowsAny<IOException>(() => AtomicFileWriter.Write(Path.Combine(dir.Path, "nope", "tasks.json"), Bytes("[]")));
    }

    [Fact(DisplayName = "R10: a reader polling during many rewrites only ever sees a complete old or new file")]
    public async Task ReadersNeverSeePartialFiles()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        var small = Bytes("[\"small\"]\n");
        var large = Bytes("[\"" + new string('x', 256 * 1024) + "\"]\n");
        AtomicFileWriter.Write(path, small);
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                AtomicFileWriter.Write(path, i % 2 == 0 ? large : small);
            }
        });
        var reads = 0;
        while (!writer.IsCompleted)
        {
            var content = File.ReadAllBytes(path);
            Assert.True(content.AsSpan().SequenceEqual(small) || content.AsSpan().SequenceEqual(large), $"partial read of {content.Length} bytes");
            reads++;
        }

        await writer;
        Assert.True(reads > 0);
    }
}
