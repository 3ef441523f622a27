using Xunit;

namespace EcsDiscoverer.Engine.Tests.Faults;

/// <summary>
/// The fault tests count requests and time attempts out after a fraction of a second: run alone, after the parallel
/// tests, so that the rest of the suite on two cores cannot make a normal call look like a timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTimingGroup
{
    public const string Name = "Fault timing";
}
