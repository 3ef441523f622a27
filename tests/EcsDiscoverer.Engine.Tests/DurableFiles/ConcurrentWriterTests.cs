using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.DurableFiles;

/// <summary>
/// Issue 4 (R10): two writers on one directory (two loops, or a loop and a cron export) while a reader keeps
/// parsing: the reader only ever sees one writer's complete file or the other's, never a mix, a partial or an
/// empty-by-mistake file, and no temporary file is left.
/// </summary>
// Counts rounds and reads within seconds: run with the other timing tests, after the parallel ones, so that the rest
// of the suite on two cores cannot starve its writers (CI once saw 0 rounds in 3 s).
[Collection(Faults.FaultTimingGroup.Name)]
public class ConcurrentWriterTests
{
    private readonly ITestOutputHelper _output;

    public ConcurrentWriterTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] FileNames = { "15s-tasks.json", "30s-tasks.json", "1m-tasks.json", "5m-tasks.json", "tasks.json" };

    [Fact(DisplayName = "Issue 4 (R10): two loops with different clusters rewriting one directory, and a reader parsing throughout: every read is one loop's whole file")]
    public async Task TwoLoopsAndAReader()
    {
        using var directory = new TempDirectory();
        await using var ec2 = await EmulatorHarness.StartAsync(Demo);
        await using var fargate = await EmulatorHarness.StartAsync(Demo);

        // What each loop writes on its own: the only contents a reader may see.
        var expected = FileNames.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var (harness, cluster) in new[] { (ec2, "demo-ec2"), (fargate, "demo-fargate") })
        {
            using var alone = new TempDirectory();
            await Loop(harness, alone.Path, cluster).RunRoundAsync(1, new RecordingLoopLog(), default);
            foreach (var name in FileNames)
            {
                expected[name].Add(File.ReadAllText(Path.Combine(alone.Path, name)));
            }
        }

        Assert.Equal(2, expected["tasks.json"].Count);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var loopA = Loop(ec2, directory.Path, "demo-ec2");
        var loopB = Loop(fargate, directory.Path, "demo-fargate");
        var rounds = new int[2];
        async Task Hammer(DiscoveryLoop loop, int index)
        {
            var log = new RecordingLoopLog();
            while (!stop.IsCancellationRequested)
            {
                var report = await loop.RunRoundAsync(rounds[index] + 1, log, CancellationToken.None);
                Assert.NotEqual(RoundResult.Failed, report.Result);
                rounds[index]++;
            }
        }

        var writers = Task.WhenAll(Task.Run(() => Hammer(loopA, 0)), Task.Run(() => Hammer(loopB, 1)));
        var reads = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!writers.IsCompleted)
        {
            foreach (var name in FileNames)
            {
                var path = Path.Combine(directory.Path, name);
                if (!File.Exists(path))
                {
                    continue;
                }

                var bytes = File.ReadAllBytes(path);
                var text = Encoding.UTF8.GetString(bytes);
                Assert.True(expected[name].Contains(text), $"{name}: a read of {bytes.Length} bytes matches neither writer: {text}");
                FileSdReader.Parse(ScrapeInterval.Generic, bytes);
                seen.Add(text);
                reads++;
            }
        }

        await writers;
        _output.WriteLine($"{rounds[0]} + {rounds[1]} rounds, {reads} reads, {seen.Count} distinct contents");
        Assert.True(reads > 100, $"only {reads} reads");
        Assert.True(rounds.Min() > 10, $"rounds: {string.Join(", ", rounds)}");
        // The reader saw both writers' tasks.json, so the files really changed hands while it read.
        Assert.Equal(2, seen.Count(expected["tasks.json"].Contains));
        Assert.Empty(Directory.GetFiles(directory.Path, "*" + AtomicFileWriter.TemporarySuffix));
    }

    [Fact(DisplayName = "Issue 4 (R10): two writers replacing one file thousands of times with a reader polling: only whole files are read")]
    public async Task TwoWritersOneFile()
    {
        using var directory = new TempDirectory();
        var path = directory.File("tasks.json");
        var contents = new[] { Encoding.UTF8.GetBytes("[\"a\"]\n"), Encoding.UTF8.GetBytes("[\"" + new string('b', 128 * 1024) + "\"]\n") };
        AtomicFileWriter.Write(path, contents[0]);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 1500; i++)
            {
                AtomicFileWriter.Write(path, contents[(i + w) % 2]);
            }
        })).ToArray();
        var reads = 0;
        while (!writers.All(t => t.IsCompleted))
        {
            var read = File.ReadAllBytes(path);
            Assert.True(read.AsSpan().SequenceEqual(contents[0]) || read.AsSpan().SequenceEqual(contents[1]), $"partial read of {read.Length} bytes");
            reads++;
        }

        await Task.WhenAll(writers);
        _output.WriteLine($"3000 replacements, {reads} reads");
        Assert.True(reads > 0);
        Assert.Equal(new[] { "tasks.json" }, Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName));
    }

    private static DiscoveryLoop Loop(EmulatorHarness harness, string directory, string cluster) =>
        new(harness.Engine(), harness.Session, new DiscoverySettings { OutputDirectory = directory, Interval = TimeSpan.FromMilliseconds(10), Clusters = new[] { cluster } }, null);
}
