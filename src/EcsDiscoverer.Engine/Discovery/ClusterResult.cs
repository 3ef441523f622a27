using System.Collections.Generic;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>What one cluster's discovery found, and whether anything changed since its last round.</summary>
internal sealed class ClusterResult
{
    /// <summary>The targets.</summary>
    public List<ScrapeTarget> Targets { get; } = new();

    /// <summary>Marked containers that are not targets.</summary>
    public List<SkippedContainer> Skipped { get; } = new();

    /// <summary>False when every listed task was evaluated by the last round and no task of it went: the same targets.</summary>
    public bool Changed { get; set; } = true;

    /// <summary>
    /// In a reconciliation (a listing of a cluster kept by events), the tasks the events had wrong: listed but unknown
    /// to them, or believed running but not listed (R18.5). Zero otherwise.
    /// </summary>
    public int Corrections { get; set; }
}
