using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>Where the loop reports: the discovery messages, plus one summary per round (the information stream).</summary>
public interface ILoopLog : IDiscoveryLog
{
    /// <summary>A round finished.</summary>
    void RoundCompleted(RoundReport report);
}
