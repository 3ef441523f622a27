using System;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>Where one setting's value came from: what verbose output and error messages tell the user.</summary>
public sealed class SettingOrigin : IEquatable<SettingOrigin>
{
    private SettingOrigin(SettingSource source, string name)
    {
        Source = source;
        Name = name;
    }

    /// <summary>The built-in default.</summary>
    public static SettingOrigin Default { get; } = new(SettingSource.Default, "");

    /// <summary>The kind of source.</summary>
    public SettingSource Source { get; }

    /// <summary>The parameter (<c>-Interval</c>), the settings file's path, or the environment variable's name; empty for the default.</summary>
    public string Name { get; }

    /// <summary>A cmdlet parameter, named without its dash.</summary>
    public static SettingOrigin Parameter(string parameterName) => new(SettingSource.Parameter, "-" + parameterName);

    /// <summary>The settings file at a path.</summary>
    public static SettingOrigin File(string path) => new(SettingSource.SettingsFile, path);

    /// <summary>An environment variable.</summary>
    public static SettingOrigin Environment(string variableName) => new(SettingSource.Environment, variableName);

    /// <summary>For messages: <c>parameter -Interval</c>, <c>settings file /etc/x.psd1</c>, <c>environment DYNACONF_INTERVAL</c>, <c>default</c>.</summary>
    public override string ToString() => Source switch
    {
        SettingSource.Parameter => "parameter " + Name,
        SettingSource.SettingsFile => "settings file " + Name,
        SettingSource.Environment => "environment " + Name,
        _ => "default",
    };

    /// <inheritdoc/>
    public bool Equals(SettingOrigin? other) =>
        other is not null && Source == other.Source && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SettingOrigin);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Source * 397) ^ StringComparer.Ordinal.GetHashCode(Name);
}
