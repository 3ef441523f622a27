using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Rounds;

/// <summary>
/// Issue 4 (R10): the loop's output directory missing, unwritable, full, or removed while it runs. Each time: a
/// warning that says what to do, no partial and no temporary file, the previous files intact, the loop going on,
/// and the files right again once the directory is back.
/// </summary>
[UnsupportedOSPlatform("windows")]
public class LoopOutputFaultTests
{
    private static readonly string[] FileNames = { "15s-tasks.json", "30s-tasks.json", "1m-tasks.json", "5m-tasks.json", "tasks.json" };

    private static DiscoveryLoop Loop(EmulatorHarness harness, string directory) =>
        new(harness.Engine(), harness.Session, new DiscoverySettings { OutputDirectory = directory, Interval = TimeSpan.FromMilliseconds(20), Clusters = new[] { "demo-ec2", "demo-fargate" } }, null);

    private static string[] ReadAll(string directory) => FileNames.Select(f => File.ReadAllText(Path.Combine(directory, f))).ToArray();

    private static void AssertNoTemporaryFiles(string directory) =>
        Assert.Empty(Directory.GetFiles(directory, "*" + AtomicFileWriter.TemporarySuffix, SearchOption.AllDirectories));

    private static void AssertAllParse(string directory)
    {
        foreach (var name in FileNames)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, name)));
            Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        }
    }

    private static async Task<RoundReport> Round(DiscoveryLoop loop, RecordingLoopLog log, int round) =>
        await loop.RunRoundAsync(round, log, CancellationToken.None);

    [Fact(DisplayName = "Issue 4 (R10): a missing output directory is created, with its parents, and said in verbose")]
    public async Task MissingDirectoryIsCreated()
    {
        using var root = new TempDirectory();
        var directory = Path.Combine(root.Path, "a", "b", "targets");
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        var report = await Round(Loop(harness, directory), log, 1);

        Assert.Equal(RoundResult.Success, report.Result);
        AssertAllParse(directory);
        Assert.Contains(log.VerboseLines, l => l == $"Created the output directory {directory}");
        Assert.Empty(log.Warnings);
    }

    [Fact(DisplayName = "Issue 4 (R10): an output directory that cannot be created (a file in the way) fails the round with what to do; the loop recovers once it can")]
    public async Task DirectoryThatCannotBeCreated()
    {
        using var root = new TempDirectory();
        var blocker = root.File("blocker");
        File.WriteAllText(blocker, "not a directory");
        var directory = Path.Combine(blocker, "targets");
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        var loop = Loop(harness, directory);

        var failed = await Round(loop, log, 1);
        Assert.Equal(RoundResult.Failed, failed.Result);
        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith($"Round 1 failed: the files in {directory} could not be written: ", warning, StringComparison.Ordinal);
        Assert.Contains("A file stands where a directory", warning, StringComparison.Ordinal);
        Assert.Contains("the next round tries again", warning, StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(blocker));

        File.Delete(blocker);
        Assert.Equal(RoundResult.Success, (await Round(loop, log, 2)).Result);
        AssertAllParse(directory);
        AssertNoTemporaryFiles(root.Path);
    }

    [Theory(DisplayName = "Issue 4 (R10): an unwritable output directory fails the round with what to do; files intact, no temporary file; the loop recovers")]
    [InlineData("immutable (chattr +i as root, mode 0555 otherwise)")]
    [InlineData("read-only tmpfs remount")]
    public async Task UnwritableDirectory(string how)
    {
        using var root = new TempDirectory();
        var directory = root.File("targets");
        Directory.CreateDirectory(directory);
        var remount = how.StartsWith("read-only", StringComparison.Ordinal);
        using var mount = remount ? FileSystemFaults.TryMountTmpfs(directory, 1 << 20) : null;
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        var loop = Loop(harness, directory);
        Assert.Equal(RoundResult.Success, (await Round(loop, log, 1)).Result);
        var good = ReadAll(directory);
        harness.Server.Scenario.RemoveCluster("demo-fargate");
        harness.Server.Scenario.AddCluster("demo-fargate");

        IDisposable? fault = remount
            ? (mount is not null && FileSystemFaults.Remount(directory, readOnly: true) ? new Restore(() => FileSystemFaults.Remount(directory, readOnly: false)) : null)
            : FileSystemFaults.TryMakeReadOnly(directory);
        if (fault is null)
        {
            // This machine can do neither: a file in the directory's place makes the same write path fail, and the
            // files set aside must come back intact.
            var aside = root.File("aside");
            Directory.Move(directory, aside);
            File.WriteAllText(directory, "in the way");
            fault = new Restore(() =>
            {
                File.Delete(directory);
                Directory.Move(aside, directory);
            });
        }

        using (fault)
        {
            var failed = await Round(loop, log, 2);
            Assert.Equal(RoundResult.Failed, failed.Result);
            var warning = log.Warnings[^1];
            Assert.StartsWith($"Round 2 failed: the files in {directory} could not be written: ", warning, StringComparison.Ordinal);
            Assert.EndsWith("Each file keeps its previous content; the next round tries again.", warning, StringComparison.Ordinal);
            if (File.Exists(directory))
            {
                Assert.Contains("A file stands where a directory", warning, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains($"{directory} is not writable by this user: grant write permission (chmod/chown), clear the immutable attribute (chattr -i) or remount", warning, StringComparison.Ordinal);
                Assert.Equal(good, ReadAll(directory));
                AssertNoTemporaryFiles(directory);
            }
        }

        Assert.Equal(good, ReadAll(directory));
        var recovered = await Round(loop, log, 3);
        Assert.Equal(RoundResult.Success, recovered.Result);
        Assert.DoesNotContain("fargate-checkout", File.ReadAllText(Path.Combine(directory, "tasks.json")), StringComparison.Ordinal);
        AssertAllParse(directory);
        AssertNoTemporaryFiles(root.Path);
    }

    [Fact(DisplayName = "Issue 4 (R10): a full disk (64 KiB tmpfs filled up) fails the round with what to do; no temporary file, files intact; the loop recovers when space is freed")]
    public async Task FullDisk()
    {
        using var root = new TempDirectory();
        var directory = root.File("targets");
        Directory.CreateDirectory(directory);
        using var mount = FileSystemFaults.TryMountTmpfs(directory, 64 * 1024);
        if (mount is null)
        {
            // No mount here: /dev/full gives the same ENOSPC a full volume gives, so at least the diagnosis is real.
            var error = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", new byte[1]));
            Assert.Equal(WriteFault.DiskFull, WriteFaultAdvice.Classify(error));
            Assert.Contains($"The disk holding {directory} is full", WriteFaultAdvice.Describe(error, directory), StringComparison.Ordinal);
            return;
        }

        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        var loop = Loop(harness, directory);
        Assert.Equal(RoundResult.Success, (await Round(loop, log, 1)).Result);
        var good = ReadAll(directory);
        harness.Server.Scenario.RemoveCluster("demo-fargate");
        harness.Server.Scenario.AddCluster("demo-fargate");
        var filler = FileSystemFaults.Fill(directory);

        var failed = await Round(loop, log, 2);
        Assert.Equal(RoundResult.Failed, failed.Result);
        var warning = log.Warnings[^1];
        Assert.Contains("No space left on device", warning, StringComparison.Ordinal);
        Assert.Contains($"The disk holding {directory} is full: free space there", warning, StringComparison.Ordinal);
        Assert.Equal(good, ReadAll(directory));
        AssertNoTemporaryFiles(directory);

        File.Delete(filler);
        Assert.Equal(RoundResult.Success, (await Round(loop, log, 3)).Result);
        Assert.DoesNotContain("fargate-checkout", File.ReadAllText(Path.Combine(directory, "tasks.json")), StringComparison.Ordinal);
        AssertAllParse(directory);
        AssertNoTemporaryFiles(directory);
    }

    [Fact(DisplayName = "Issue 4 (R10): the output directory removed while the loop runs is created again with a warning, and the loop goes on")]
    public async Task DirectoryRemovedWhileRunning()
    {
        using var root = new TempDirectory();
        var directory = root.File("targets");
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var log = new RecordingLoopLog();
        var loop = Loop(harness, directory);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(log, stop.Token);

        await Eventually.TrueAsync(() => log.Rounds.Count >= 2, TimeSpan.FromSeconds(30), "the loop");
        var good = ReadAll(directory);
        var before = log.Rounds.Count;
        DeleteDirectory(directory);
        await Eventually.TrueAsync(() => log.Warnings.Any(w => w.Contains("had disappeared", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the loop");
        await Eventually.TrueAsync(() => log.Rounds.Count >= before + 3, TimeSpan.FromSeconds(30), "the loop");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Contains(log.Warnings, w => w == $"The output directory {directory} had disappeared; it was created again and the files are written anew. Check what removes it.");
        // A removal in the middle of a write may fail that one round; the next ones succeed again.
        Assert.Equal(RoundResult.Success, log.Rounds[^1].Result);
        Assert.Equal(good, ReadAll(directory));
        AssertNoTemporaryFiles(directory);
    }

    // A write in progress can add a file while the directory is emptied; retry as a cleanup job would.
    private static void DeleteDirectory(string directory)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 10)
            {
            }
        }
    }

    private sealed class Restore : IDisposable
    {
        private Action? _restore;

        public Restore(Action restore) => _restore = restore;

        public void Dispose()
        {
            _restore?.Invoke();
            _restore = null;
        }
    }
}
