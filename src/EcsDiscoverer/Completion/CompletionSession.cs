using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Completion;

/// <summary>
/// The session a completer runs in (completers run on the pipeline thread of the runspace asking for completion,
/// where the runspace's SessionStateProxy is not available while TabExpansion2 runs, but script blocks are): its
/// current location for relative paths, and its variables ($StoredAWSRegion, $StoredAWSCredentials).
/// </summary>
internal static class CompletionSession
{
    private static readonly ScriptBlock ResolveScript =
        ScriptBlock.Create("param($path) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)");

    private static readonly ScriptBlock VariableScript =
        ScriptBlock.Create("param($name) Microsoft.PowerShell.Utility\\Get-Variable -Name $name -ValueOnly -ErrorAction Ignore");

    /// <summary>A path as typed, made absolute against the session's current location; null stays null.</summary>
    public static string? ResolvePath(string? path)
    {
        if (path is null)
        {
            return null;
        }

        return Runspace.DefaultRunspace is null
            ? System.IO.Path.GetFullPath(path)
            : CredentialObjects.Unwrap(ResolveScript.InvokeReturnAsIs(path))?.ToString();
    }

    /// <summary>A session variable's value; null when there is no session or no such variable.</summary>
    public static object? Variable(string name) => Runspace.DefaultRunspace is null ? null : CredentialObjects.Unwrap(VariableScript.InvokeReturnAsIs(name));
}
