using System;
using System.Collections.Generic;
using System.Threading;
using EcsDiscoverer.Engine.Output;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// The latest <see cref="TargetSnapshot"/>, published by the round and read by the server's requests on other threads.
/// A failed round publishes nothing and an unchanged round returns before writing, so the last good snapshot stays.
/// </summary>
internal sealed class TargetSnapshots : ITargetPublisher
{
    private TargetSnapshot? _current;

    /// <summary>Creates the holder for the files named by <paramref name="fileNames"/>.</summary>
    public TargetSnapshots(OutputFileNames fileNames) => FileNames = fileNames ?? throw new ArgumentNullException(nameof(fileNames));

    /// <summary>The file of each interval, for the <c>file</c> filter before the first round and in the index.</summary>
    public OutputFileNames FileNames { get; }

    /// <summary>The last published snapshot; null before the first good round.</summary>
    public TargetSnapshot? Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public void Publish(int round, IReadOnlyList<FileSdFile> files) =>
        Volatile.Write(ref _current, new TargetSnapshot(round, DateTimeOffset.UtcNow, files ?? throw new ArgumentNullException(nameof(files))));
}
