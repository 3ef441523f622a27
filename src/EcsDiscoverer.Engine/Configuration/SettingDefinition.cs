using System;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>One setting: its key, the parameter that sets it, its type, and where it lands in <see cref="DiscoverySettings"/>.</summary>
public sealed class SettingDefinition
{
    internal SettingDefinition(
        string key,
        string? parameterName,
        string typeName,
        SettingConverter convert,
        Func<DiscoverySettings, object?> read,
        Action<DiscoverySettings, object?> write,
        Func<object?, string> format,
        bool isPath = false,
        bool isSecret = false,
        bool invertedSwitch = false)
    {
        Key = key;
        ParameterName = parameterName;
        TypeName = typeName;
        Convert = convert;
        Read = read;
        Write = write;
        Format = format;
        IsPath = isPath;
        IsSecret = isSecret;
        InvertedSwitch = invertedSwitch;
    }

    /// <summary>The key, upper case as the seed spells it (<c>INTERVAL</c>); matched case-insensitively.</summary>
    public string Key { get; }

    /// <summary>The cmdlet parameter that sets it, without the dash (<c>Interval</c>); null when only the file and the environment do.</summary>
    public string? ParameterName { get; }

    /// <summary>What kind of value it takes, for documentation (<c>duration</c>, <c>boolean</c>, ...).</summary>
    public string TypeName { get; }

    /// <summary>A path: relative values from the settings file are taken relative to the file's directory.</summary>
    public bool IsPath { get; }

    /// <summary>
    /// The parameter is a switch that turns the setting off (<c>-NoMetricsServer</c> sets
    /// <c>PROMETHEUS_START_HTTP_SERVER</c> to false).
    /// </summary>
    public bool InvertedSwitch { get; }

    /// <summary>
    /// A secret (<c>SERVER_BEARER_TOKEN</c>, <c>SERVER_BASIC_AUTH_PASSWORD</c>): never printed, in the listing or in
    /// messages; only whether it is set shows.
    /// </summary>
    public bool IsSecret { get; }

    internal SettingConverter Convert { get; }

    internal Func<DiscoverySettings, object?> Read { get; }

    internal Action<DiscoverySettings, object?> Write { get; }

    internal Func<object?, string> Format { get; }

    /// <summary>The built-in default, as text (<c>15s</c>); <c>(not set)</c> where there is none.</summary>
    public string DefaultText => Format(Read(new DiscoverySettings()));
}
