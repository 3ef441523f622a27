using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// Where a round reports: the discovery messages, the clusters that failed, permission to write each file, and one
/// summary per loop round (the information stream). Called from worker threads.
/// </summary>
public interface IRoundLog : IDiscoveryLog
{
    /// <summary>A cluster (or a wildcard of the selection) failed; <paramref name="message"/> names it and says why and what to do.</summary>
    void ClusterFailed(ClusterFailure failure, string message);

    /// <summary>
    /// Whether <paramref name="path"/> may be written (<paramref name="action"/> says how): PowerShell's ShouldProcess,
    /// so that -WhatIf and -Confirm decide each write. Always true for the loop.
    /// </summary>
    bool MayWrite(string path, string action);

    /// <summary>A loop round finished.</summary>
    void RoundCompleted(RoundReport report);
}
