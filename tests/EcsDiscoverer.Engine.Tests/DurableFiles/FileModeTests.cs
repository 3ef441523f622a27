using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.DurableFiles;

/// <summary>The umask is per process: these tests change it, so they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessUmaskGroup
{
    public const string Name = "process umask";
}

/// <summary>
/// Issue 4 (security): files are 0644 (the cache file 0600) whatever the umask, never world-writable, and their
/// temporary files live in the output directory only, with the final mode from the start.
/// </summary>
[Collection(ProcessUmaskGroup.Name)]
[UnsupportedOSPlatform("windows")]
public class FileModeTests
{
    private const UnixFileMode Rw_r__r__ = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Rw_______ = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static TheoryData<int> Umasks => new() { 0x000, 0x03F, 0x012, 0x1FF };

    private static void WithUmask(int umask, Action action)
    {
        var previous = Native.umask((uint)umask);
        try
        {
            action();
        }
        finally
        {
            _ = Native.umask(previous);
        }
    }

    [Fact(DisplayName = "Security: file modes are applied on this platform (Unix, .NET 7+), so the tests below test something")]
    public void Supported() => Assert.Equal(!OperatingSystem.IsWindows(), FilePermissions.Supported);

    [Theory(DisplayName = "Security: a file_sd file is created 0644 whatever the umask (0, 077, 022, 777)")]
    [MemberData(nameof(Umasks))]
    public void FileSdFileIs0644(int umask)
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        WithUmask(umask, () => AtomicFileWriter.Write(path, Encoding.UTF8.GetBytes("[]\n")));
        Assert.Equal(Rw_r__r__, File.GetUnixFileMode(path));
        // And again when it is replaced.
        WithUmask(umask, () => AtomicFileWriter.Write(path, Encoding.UTF8.GetBytes("[1]\n")));
        Assert.Equal(Rw_r__r__, File.GetUnixFileMode(path));
    }

    [Theory(DisplayName = "Security: the metrics file is 0644 whatever the umask")]
    [MemberData(nameof(Umasks))]
    public void MetricsFileIs0644(int umask)
    {
        using var dir = new TempDirectory();
        var path = dir.File("ecsd.prom");
        WithUmask(umask, () => MetricsFile.Write(new DiscoveryMetrics("test", () => Array.Empty<CacheStatistic>()), path));
        Assert.Equal(Rw_r__r__, File.GetUnixFileMode(path));
        Assert.Contains("# TYPE", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory(DisplayName = "Security: the cache file (task definitions, environment variables included) is 0600 whatever the umask")]
    [MemberData(nameof(Umasks))]
    public void CacheFileIs0600(int umask)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "sub", "cache.json");
        using var session = new DiscoverySession(new Uri("http://127.0.0.1:1/"), "us-east-1");
        WithUmask(umask, () => new CacheFile(path).Save(session));
        Assert.Equal(Rw_______, File.GetUnixFileMode(path));
    }

    [Fact(DisplayName = "Security: an unchanged file with a wrong mode (world-writable, from an older version) is set to 0644 without being rewritten")]
    public void UnchangedFileModeIsCorrected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        File.WriteAllText(path, "[]\n");
        File.SetUnixFileMode(path, Rw_r__r__ | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, past);
        Assert.Equal(WriteOutcome.Unchanged, AtomicFileWriter.Write(path, Encoding.UTF8.GetBytes("[]\n")));
        Assert.Equal(Rw_r__r__, File.GetUnixFileMode(path));
        Assert.Equal(past, File.GetLastWriteTimeUtc(path));
    }

    [Theory(DisplayName = "Security: the temporary file is created in the output directory with its final mode before any content, under umask 0 too")]
    [InlineData(0x000)]
    [InlineData(0x03F)]
    public void TemporaryFileHasModeFromTheStart(int umask)
    {
        using var dir = new TempDirectory();
        var path = dir.File("tasks.json");
        var seen = new ConcurrentQueue<(string Name, UnixFileMode Mode, long Length)>();
        using var watcher = new FileSystemWatcher(dir.Path) { IncludeSubdirectories = false };
        watcher.Created += (_, e) =>
        {
            try
            {
                seen.Enqueue((Path.GetFileName(e.FullPath), File.GetUnixFileMode(e.FullPath), new FileInfo(e.FullPath).Length));
            }
            catch (IOException)
            {
                // Already renamed: the stream-level check below covers it.
            }
        };
        watcher.EnableRaisingEvents = true;

        // TMPDIR pointing nowhere: a writer that used the system temporary directory would fail.
        var tmp = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", Path.Combine(dir.Path, "no-such-tmp"));
        try
        {
            WithUmask(umask, () =>
            {
                var temporary = dir.File(".probe" + AtomicFileWriter.TemporarySuffix);
                using (var stream = FilePermissions.CreateNew(temporary, FileModes.Shared))
                {
                    Assert.Equal(0, stream.Length);
                    Assert.Equal(Rw_r__r__, File.GetUnixFileMode(temporary));
                }

                File.Delete(temporary);
                AtomicFileWriter.Write(path, new byte[256 * 1024]);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", tmp);
        }

        Assert.Equal(Rw_r__r__, File.GetUnixFileMode(path));
        Assert.Equal(new[] { "tasks.json" }, Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!seen.Any(s => s.Name.StartsWith(".tasks.json.", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            System.Threading.Thread.Sleep(10);
        }

        // The watcher is asynchronous: the file may be gone by the time it looks, but whatever it saw was never world-writable.
        Assert.All(seen, s => Assert.Equal((UnixFileMode)0, s.Mode & (UnixFileMode.OtherWrite | UnixFileMode.GroupWrite)));
        Assert.All(seen.Where(s => s.Name != ".probe" + AtomicFileWriter.TemporarySuffix), s => Assert.EndsWith(AtomicFileWriter.TemporarySuffix, s.Name, StringComparison.Ordinal));
    }

    private static class Native
    {
        [DllImport("libc")]
        public static extern uint umask(uint mask);
    }
}
