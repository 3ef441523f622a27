using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// What each Get-EcsPrometheusTarget of a command line knew about failed clusters, so that Export-EcsFileSd later in
/// the same pipeline knows it too, even when a filter let no target object through (the objects carry it otherwise).
/// Keyed by runspace and history id, which every command of one command line shares (and every command of one script
/// or <c>pwsh -Command</c>): so only the latest one is used, and only when no object brought its own.
/// </summary>
internal static class PipelineOutcomes
{
    private const int Kept = 32;
    private static readonly LinkedList<(Guid Runspace, long HistoryId, DiscoveryOutcome Outcome)> Recent = new();

    public static void Record(Guid runspace, long historyId, DiscoveryOutcome outcome)
    {
        lock (Recent)
        {
            Recent.AddFirst((runspace, historyId, outcome));
            while (Recent.Count > Kept)
            {
                Recent.RemoveLast();
            }
        }
    }

    public static DiscoveryOutcome? Latest(Guid runspace, long historyId)
    {
        lock (Recent)
        {
            return Recent.Where(r => r.Runspace == runspace && r.HistoryId == historyId).Select(r => r.Outcome).FirstOrDefault();
        }
    }
}
