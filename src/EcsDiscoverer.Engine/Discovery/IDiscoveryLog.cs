namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// Where the engine reports what it does. Called from worker threads: a PowerShell host must queue
/// the messages and write them on the pipeline thread.
/// </summary>
public interface IDiscoveryLog
{
    /// <summary>What is being done (PowerShell's verbose stream).</summary>
    void Verbose(string message);

    /// <summary>Diagnostics (the debug stream).</summary>
    void Debug(string message);

    /// <summary>A degraded result (the warning stream).</summary>
    void Warning(string message);

    /// <summary>
    /// <paramref name="completed"/> of <paramref name="total"/> clusters are done; <paramref name="cluster"/> is the one
    /// that just finished (clusters run side by side, so they finish in any order).
    /// </summary>
    void Progress(int completed, int total, string cluster);
}
