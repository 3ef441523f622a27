using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace EcsDiscoverer.Hosting;

/// <summary>The -Region filter of the session cmdlets: no filter matches all, otherwise any wildcard may match.</summary>
internal static class RegionFilter
{
    public static bool Matches(IReadOnlyCollection<string>? patterns, string region) =>
        patterns is null || patterns.Count == 0
        || patterns.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(region));
}
