using System.Collections.Generic;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>What discovery made of one corpus case: its targets, their rendered groups, its skips, warnings and failure.</summary>
internal sealed class CaseOutcome
{
    public required CorpusCase Case { get; init; }

    public required IReadOnlyList<ScrapeTarget> Targets { get; init; }

    /// <summary>The case's targets rendered on their own and read back as Prometheus would, with their file names.</summary>
    public required IReadOnlyList<(string File, ParsedGroup Group)> Groups { get; init; }

    public required IReadOnlyList<SkippedContainer> Skipped { get; init; }

    /// <summary>Warnings that name the case's task.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The failure of the case's cluster, when it failed.</summary>
    public ClusterFailure? Failure { get; init; }

    /// <summary>The invariant violations of the case's own output.</summary>
    public required IReadOnlyList<string> Violations { get; init; }
}
