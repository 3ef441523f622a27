using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace EcsDiscoverer.Completion;

/// <summary>Completes -Interval with the common discovery periods.</summary>
public sealed class IntervalCompleter : IArgumentCompleter
{
    private static readonly KeyValuePair<string, string?>[] Durations =
    {
        new("15s", "15 seconds (the default)"),
        new("30s", "30 seconds"),
        new("1m", "1 minute"),
        new("2m", "2 minutes"),
        new("5m", "5 minutes"),
        new("10m", "10 minutes"),
        new("15m", "15 minutes"),
        new("30m", "30 minutes"),
        new("1h", "1 hour"),
    };

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Matching(wordToComplete, Durations).ToList();
}
