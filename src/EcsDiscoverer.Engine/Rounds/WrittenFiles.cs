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

    private WrittenFiles(RoundReport report, IReadOnlyDictionary<string, (long, DateTime)> files)
    {
        Report = report;
        _files = files;
    }

    /// <summary>The round that wrote them.</summary>
    public RoundReport Report { get; }

    public static WrittenFiles? Capture(RoundReport report)
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

        return new WrittenFiles(report, files);
    }

    public bool StillOnDisk() => _files.All(f =>
    {
        var info = new FileInfo(f.Key);
        return info.Exists && info.Length == f.Value.Length && info.LastWriteTimeUtc == f.Value.Modified;
    });
}
