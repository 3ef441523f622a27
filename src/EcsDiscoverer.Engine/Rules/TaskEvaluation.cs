using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>The targets, skipped containers and warnings of one task.</summary>
internal sealed class TaskEvaluation
{
    /// <summary>The targets.</summary>
    public List<ScrapeTarget> Targets { get; } = new();

    /// <summary>Marked containers that did not become targets.</summary>
    public List<SkippedContainer> Skipped { get; } = new();

    /// <summary>Problems with the task's settings that did not stop its targets.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>
    /// Whether a later round could give a different answer for the same task: a container skipped because
    /// the task is not running yet, or has no binding or address yet.
    /// </summary>
    public bool IsProvisional => Skipped.Any(s => s.Reason is SkipReason.NotRunning or SkipReason.NoNetworkBinding or SkipReason.NoAddress);
}
