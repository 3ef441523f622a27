using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rounds;

namespace EcsDiscoverer.Engine.Tests.Support;

/// <summary>Keeps what the loop reports, for assertions.</summary>
internal sealed class RecordingLoopLog : IRoundLog
{
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentQueue<string> _verbose = new();
    private readonly ConcurrentQueue<RoundReport> _rounds = new();

    public IReadOnlyList<string> Warnings => _warnings.ToList();

    public IReadOnlyList<string> VerboseLines => _verbose.ToList();

    public IReadOnlyList<RoundReport> Rounds => _rounds.ToList();

    public void Verbose(string message) => _verbose.Enqueue(message);

    public void Debug(string message)
    {
    }

    public void Warning(string message) => _warnings.Enqueue(message);

    public void Progress(DiscoveryProgress progress)
    {
    }

    public void RoundCompleted(RoundReport report) => _rounds.Enqueue(report);

    /// <summary>A failed cluster, as the loop reports it: a warning that names the cluster.</summary>
    public void ClusterFailed(ClusterFailure failure, string message) => _warnings.Enqueue(message);

    /// <summary>Answers every write; a test that wants -WhatIf sets this to false.</summary>
    public bool AllowWrites { get; set; } = true;

    public bool MayWrite(string path, string action) => AllowWrites;
}
