using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using EcsDiscoverer.Engine.Configuration;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// Reads a settings file (.psd1) the way Import-PowerShellDataFile does: parsed, never run. A settings file is
/// often writable by fewer people than the account the loop runs as trusts, so nothing in it may execute.
/// </summary>
internal static class PowerShellDataFile
{
    /// <summary>
    /// The top-level hashtable's keys (case-insensitive) and values (strings, numbers, booleans, null, and object[]
    /// for arrays), in the file's order.
    /// </summary>
    /// <param name="path">The file's full path.</param>
    /// <exception cref="SettingsException">The file is missing, unreadable, not valid PowerShell, not a single hashtable, or holds something that is not a constant.</exception>
    public static Dictionary<string, object?> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SettingsException($"The settings file {path} does not exist.");
        }

        ScriptBlockAst script;
        ParseError[] errors;
        try
        {
            script = Parser.ParseFile(path, out _, out errors);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"The settings file {path} cannot be read: {error.Message}", error);
        }

        if (errors.Length > 0)
        {
            var first = errors[0];
            throw new SettingsException(
                $"The settings file {path} is not valid PowerShell data: line {first.Extent.StartLineNumber}: {first.Message}");
        }

        var hashtable = SingleHashtable(script)
            ?? throw new SettingsException(
                $"The settings file {path} must hold a single hashtable, @{{ KEY = value; ... }}, and nothing else.");

        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in hashtable.KeyValuePairs)
        {
            var line = pair.Item1.Extent.StartLineNumber;
            if (Constant(pair.Item1, path) is not string key)
            {
                throw new SettingsException($"The settings file {path}, line {line}: a key must be a name such as INTERVAL.");
            }

            // The parser already refuses duplicate keys; this keeps a surprise from becoming a crash.
            if (result.ContainsKey(key))
            {
                throw new SettingsException($"The settings file {path}, line {line}: {key} appears twice.");
            }

            result[key] = Constant(pair.Item2, path);
        }

        return result;
    }

    // Only "@{ ... }" with nothing around it: no param block, no named blocks, no using statements, no second statement.
    private static HashtableAst? SingleHashtable(ScriptBlockAst script)
    {
        if (script.ParamBlock is not null || script.BeginBlock is not null || script.ProcessBlock is not null
            || script.DynamicParamBlock is not null || script.UsingStatements.Count > 0
            || script.EndBlock is not { Unnamed: true, Statements.Count: 1 } end)
        {
            return null;
        }

        return end.Statements[0] is PipelineAst { PipelineElements.Count: 1 } pipeline
            && pipeline.PipelineElements[0] is CommandExpressionAst { Redirections.Count: 0, Expression: HashtableAst hashtable }
                ? hashtable
                : null;
    }

    // SafeGetValue evaluates constants only and throws for anything that would run (variables, sub-expressions, calls).
    private static object? Constant(Ast value, string path)
    {
        try
        {
            return value.SafeGetValue();
        }
        catch (InvalidOperationException)
        {
            throw new SettingsException(
                $"The settings file {path}, line {value.Extent.StartLineNumber}: '{Shorten(value.Extent.Text)}' is not a constant. "
                + "Use strings, numbers, $true, $false, $null and arrays of these; no variables, commands or expressions.");
        }
    }

    private static string Shorten(string text)
    {
        var firstLine = text.Split('\n').First().TrimEnd('\r');
        return firstLine.Length > 60 ? firstLine.Substring(0, 57) + "..." : firstLine;
    }
}
