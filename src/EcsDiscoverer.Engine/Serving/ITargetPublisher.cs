using System.Collections.Generic;
using EcsDiscoverer.Engine.Output;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>Where a round hands the files it has just written, for the http_sd endpoint to serve.</summary>
internal interface ITargetPublisher
{
    /// <summary>Publishes what round <paramref name="round"/> wrote: every file, after keep-last-good and the churn guard.</summary>
    void Publish(int round, IReadOnlyList<FileSdFile> files);
}
