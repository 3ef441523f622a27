using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsDiscoverer.Engine.Aws.Connection;

namespace EcsDiscoverer.Completion;

/// <summary>
/// Completes -ProfileName with the profiles of the shared credentials and config files: those of a -ProfileLocation
/// already typed, else of AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (or ~/.aws). Only section names are read.
/// </summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var location = CompletionSession.ResolvePath(CompletionValues.Bound(fakeBoundParameters, "ProfileLocation"));
            return CompletionValues.Matching(wordToComplete, SharedProfileNames.Find(location)).ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Tab completion never fails loudly: a path that cannot be read has no profiles.
            return Array.Empty<CompletionResult>();
        }
    }
}
