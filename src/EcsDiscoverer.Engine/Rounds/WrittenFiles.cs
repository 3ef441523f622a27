using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// The files a successful round left, by size and modification time, so that a round that changes nothing can tell
/// they are still there as it left them (not removed, not edited by hand) and skip rendering them again.
/// </summary>
internal sealed class WrittenFiles
{
    private readonly IReadOnlyDictionary<string, (long Length, DateTime Modified)> _files;

    private WrittenFiles(RoundReport report, IReadOnlyDictionary<string, (long, DateTime)> files, long targets)
    {
        Report = report;
        _files = files;
        Targets = targets;
    }

    /// <summary>The round that wrote them.</summary>
    public RoundReport Report { get; }

    /// <summary>
    /// Which targets they were written from (<see cref="TargetFingerprint"/>): the caches are shared by every run of
    /// the process, so a run whose engine says "unchanged" may still hold files written before another run's round
    /// applied a change to them.
    /// </summary>
    public long Targets { get; }

    public static WrittenFiles? Capture(RoundReport report, long targets)
    {
        if (report.OutputDirectory is null)
        {
            return null;
        }

        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (var name in report.TargetsByFile.Keys)
        {
            var info = new FileInfo(Path.Combine(report.OutputDirectory, name));
            if (!info.Exists)
            {
                return null;
            }

            files[info.FullName] = (info.Length, info.LastWriteTimeUtc);
        }

        return new WrittenFiles(report, files, targets);
    }

    public bool StillOnDisk() => _files.All(f =>
    {
        var info = new FileInfo(f.Key);
        return info.Exists && info.Length == f.Value.Length && info.LastWriteTimeUtc == f.Value.Modified;
    });
}
