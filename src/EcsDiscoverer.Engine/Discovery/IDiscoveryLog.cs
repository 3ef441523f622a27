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
    /// How far the discovery is: clusters done (they run side by side, so they finish in any order) and the
    /// DescribeTasks batches and task-definition fetches of the clusters still running.
    /// </summary>
    void Progress(DiscoveryProgress progress);
}
