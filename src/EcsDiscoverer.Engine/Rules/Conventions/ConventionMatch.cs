using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>The convention that marked a container, and what its keys say.</summary>
/// <param name="Convention">The first convention, in the configured order, whose marker marks the container.</param>
/// <param name="Specs">The unnamed key set first, then the named ones in ordinal order of their names.</param>
/// <param name="NoLabels">Whether the convention's no-labels key asks for the minimal label set (R8).</param>
internal sealed record ConventionMatch(MarkerConvention Convention, IReadOnlyList<ScrapeSpec> Specs, bool NoLabels);
