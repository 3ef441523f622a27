using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsDiscoverer.Engine;

namespace EcsDiscoverer.Completion;

/// <summary>Completes -Region with the regions the AWS SDK knows; the tooltip is the region's display name.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Matching(wordToComplete, DiscoveryHost.KnownRegions().Select(r => new KeyValuePair<string, string?>(r.Key, r.Value))).ToList();
}
