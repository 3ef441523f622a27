using System.Collections.Generic;
using System.Runtime.CompilerServices;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// Which target objects a round wrote. An unchanged task keeps its evaluated targets (the same objects) from round to
/// round, so the identities tell two rounds of the same targets apart from two of different ones in a few
/// microseconds per thousand targets, without comparing their labels.
/// </summary>
internal static class TargetFingerprint
{
    /// <summary>The fingerprint of <paramref name="targets"/>, whatever their order.</summary>
    public static long Of(IReadOnlyCollection<ScrapeTarget> targets)
    {
        unchecked
        {
            long sum = targets.Count;
            long mix = 0;
            foreach (var target in targets)
            {
                var identity = RuntimeHelpers.GetHashCode(target);
                sum += identity;
                mix ^= identity * -7046029254386353131L;
            }

            return sum * 31 + mix;
        }
    }
}
