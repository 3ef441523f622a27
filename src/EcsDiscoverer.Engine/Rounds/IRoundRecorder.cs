namespace EcsDiscoverer.Engine.Rounds;

/// <summary>Hears about every finished round: the self-metrics.</summary>
internal interface IRoundRecorder
{
    /// <summary>Records a finished round.</summary>
    void Record(RoundReport report);
}
