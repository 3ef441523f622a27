using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// The loop's view of its log: a warning that the previous round already gave is not repeated every interval
/// (a bad PROMETHEUS_ENDPOINT would otherwise fill the log), and only the cold first round shows progress.
/// </summary>
internal sealed class RoundLog : IRoundLog
{
    private readonly IRoundLog _inner;
    private readonly object _gate = new();
    private HashSet<string> _previous = new(StringComparer.Ordinal);
    private HashSet<string> _current = new(StringComparer.Ordinal);

    public RoundLog(IRoundLog inner)
    {
        _inner = inner;
    }

    public bool ShowProgress { get; set; } = true;

    /// <summary>Starts a round: its warnings are compared with the previous round's.</summary>
    public void BeginRound()
    {
        lock (_gate)
        {
            _previous = _current;
            _current = new HashSet<string>(StringComparer.Ordinal);
        }
    }

    public void Verbose(string message) => _inner.Verbose(message);

    public void Debug(string message) => _inner.Debug(message);

    public void Warning(string message)
    {
        if (IsRepeated(message))
        {
            _inner.Verbose("(again) " + message);
        }
        else
        {
            _inner.Warning(message);
        }
    }

    public void ClusterFailed(ClusterFailure failure, string message)
    {
        if (IsRepeated(message))
        {
            _inner.Verbose("(again) " + message);
        }
        else
        {
            _inner.ClusterFailed(failure, message);
        }
    }

    public bool MayWrite(string path, string action) => _inner.MayWrite(path, action);

    public void Progress(DiscoveryProgress progress)
    {
        if (ShowProgress)
        {
            _inner.Progress(progress);
        }
    }

    public void RoundCompleted(RoundReport report) => _inner.RoundCompleted(report);

    private bool IsRepeated(string message)
    {
        lock (_gate)
        {
            _current.Add(message);
            return _previous.Contains(message);
        }
    }
}
