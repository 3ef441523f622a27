using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsDiscoverer.Commands;

namespace EcsDiscoverer.Completion;

/// <summary>
/// Registers the -Region and -ProfileName completers for this module's commands by command name, in the session that
/// imports the module.
/// </summary>
/// <remarks>
/// AWS.Tools.Common registers its own Region and ProfileName completers with <c>Register-ArgumentCompleter
/// -ParameterName</c> (no command name). In PowerShell 7 such a registration wins over a parameter's
/// [ArgumentCompleter] attribute (tests/Pester/Completion.Tests.ps1 shows it), while a registration for the command
/// and parameter wins over it: so the attributes serve sessions without AWS.Tools, and these registrations keep ours
/// in sessions with it, whichever module was imported first.
/// </remarks>
internal static class CompleterRegistration
{
    /// <summary>The parameters AWS.Tools.Common registers completers for by name alone, and ours for them.</summary>
    private static readonly (string Parameter, Type Completer)[] Contested =
    {
        ("Region", typeof(RegionCompleter)),
        ("ProfileName", typeof(ProfileNameCompleter)),
    };

    /// <summary>Registers the completers in the importing runspace; where there is none, the attributes alone serve.</summary>
    public static void RegisterInCurrentRunspace()
    {
        if (Runspace.DefaultRunspace is null)
        {
            return;
        }

        var commands = typeof(DiscoveryCommandBase).Assembly.GetTypes()
            .Where(t => typeof(DiscoveryCommandBase).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault())
            .Where(a => a is not null)
            .Select(a => $"{a!.VerbName}-{a.NounName}")
            .ToArray();
        try
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            foreach (var (parameter, completer) in Contested)
            {
                var script = ScriptBlock.Create(
                    $"param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters) [{completer.FullName}]::new().CompleteArgument($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)");
                shell.AddCommand("Microsoft.PowerShell.Core\\Register-ArgumentCompleter")
                    .AddParameter("CommandName", commands)
                    .AddParameter("ParameterName", parameter)
                    .AddParameter("ScriptBlock", script)
                    .AddStatement();
            }

            shell.Invoke();
        }
        catch (Exception ex) when (ex is InvalidOperationException or PSInvalidOperationException or RuntimeException)
        {
            // A runspace that cannot run a nested command now (a host mid-way through opening it): the [ArgumentCompleter]
            // attributes still complete, unless another module registered a completer by parameter name.
        }
    }
}
