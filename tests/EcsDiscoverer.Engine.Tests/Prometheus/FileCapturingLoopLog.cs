using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>Records what the loop reports and, after each round, the files it left (the next round waits for this).</summary>
internal sealed class FileCapturingLoopLog : IRoundLog
{
    private readonly RecordingLoopLog _inner;
    private readonly WrittenFileStates _states;

    public FileCapturingLoopLog(RecordingLoopLog inner, WrittenFileStates states)
    {
        _inner = inner;
        _states = states;
    }

    public void Verbose(string message) => _inner.Verbose(message);

    public void Debug(string message) => _inner.Debug(message);

    public void Warning(string message) => _inner.Warning(message);

    public void Progress(DiscoveryProgress progress) => _inner.Progress(progress);

    public void ClusterFailed(ClusterFailure failure, string message) => _inner.ClusterFailed(failure, message);

    public bool MayWrite(string path, string action) => _inner.MayWrite(path, action);

    public void RoundCompleted(RoundReport report)
    {
        _states.Capture();
        _inner.RoundCompleted(report);
    }
}
