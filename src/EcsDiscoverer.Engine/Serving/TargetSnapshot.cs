using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Output;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// The targets of one good round, exactly as its files were written (after keep-last-good and the churn guard):
/// immutable, so that a request reads one round's targets however the next round runs meanwhile.
/// </summary>
internal sealed class TargetSnapshot
{
    /// <summary>Creates the snapshot.</summary>
    public TargetSnapshot(int round, DateTimeOffset completedAt, IReadOnlyList<FileSdFile> files)
    {
        Round = round;
        CompletedAt = completedAt;
        Files = files;
    }

    /// <summary>The round that wrote the files, from 1.</summary>
    public int Round { get; }

    /// <summary>When that round published them.</summary>
    public DateTimeOffset CompletedAt { get; }

    /// <summary>Every interval file, in output order, with its groups in file order.</summary>
    public IReadOnlyList<FileSdFile> Files { get; }
}
