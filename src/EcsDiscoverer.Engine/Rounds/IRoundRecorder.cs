namespace EcsDiscoverer.Engine.Rounds;

/// <summary>Hears about every finished round: the self-metrics.</summary>
public interface IRoundRecorder
{
    /// <summary>Records a finished round.</summary>
    void Record(RoundReport report);
}
