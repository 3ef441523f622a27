using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// Target groups a caller already has (Export-EcsFileSd's pipeline input, possibly filtered), and what the
/// discoveries that produced them knew about failed clusters.
/// </summary>
public sealed class PipedTargets
{
    /// <summary>Creates the input.</summary>
    public PipedTargets(IReadOnlyList<FileSdGroup> groups, DiscoveryOutcome outcome)
    {
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    /// <summary>The groups to write.</summary>
    public IReadOnlyList<FileSdGroup> Groups { get; }

    /// <summary>The combined outcome of the discoveries behind <see cref="Groups"/>; empty for hand-made objects.</summary>
    public DiscoveryOutcome Outcome { get; }
}
