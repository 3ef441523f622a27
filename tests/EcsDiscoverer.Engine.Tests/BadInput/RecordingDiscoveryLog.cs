using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>Keeps the warnings the engine gives (from worker threads), for the corpus to attribute to its cases.</summary>
internal sealed class RecordingDiscoveryLog : IDiscoveryLog
{
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentQueue<DiscoveryProgress> _progress = new();

    public IReadOnlyList<DiscoveryProgress> Progresses => _progress.ToList();

    public IReadOnlyList<string> Warnings => _warnings.ToList();

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }

    public void Warning(string message) => _warnings.Enqueue(message);

    public void Progress(DiscoveryProgress progress) => _progress.Enqueue(progress);
}
