using System;
using System.Collections.Generic;
using System.IO;
using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>
/// The three inputs of <see cref="SettingsResolver.Resolve"/>, built up one value at a time. OUTPUT_DIRECTORY is
/// set in the environment unless a test removes it, so that every other setting can be tested alone.
/// </summary>
internal sealed class SettingsCase
{
    public static readonly string FilePath = Path.Combine(Path.GetTempPath(), "ecsd", "settings.psd1");

    private readonly Dictionary<string, object?> _parameters = new();
    private readonly Dictionary<string, string> _environment = new() { ["DYNACONF_OUTPUT_DIRECTORY"] = "/out" };
    private Dictionary<string, object?>? _file;

    public SettingsCase Parameter(string key, object? value)
    {
        _parameters[key] = value;
        return this;
    }

    public SettingsCase File(string key, object? value)
    {
        // Ordinal, so that a test can put two spellings of one key in the file.
        _file ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        _file[key] = value;
        return this;
    }

    public SettingsCase Env(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    public SettingsCase WithoutEnv(string name)
    {
        _environment.Remove(name);
        return this;
    }

    public ResolvedSettings Resolve() =>
        SettingsResolver.Resolve(_parameters, _file is null ? null : new SettingsFile(FilePath, _file), _environment);

    public string Fails() => Assert.Throws<SettingsException>(Resolve).Message;
}
