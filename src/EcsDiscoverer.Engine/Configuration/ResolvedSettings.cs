using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>The outcome of <see cref="SettingsResolver.Resolve"/>: the settings, where each came from, and the warnings.</summary>
public sealed class ResolvedSettings
{
    internal ResolvedSettings(DiscoverySettings settings, IReadOnlyList<string> warnings, IReadOnlyDictionary<string, SettingOrigin> origins)
    {
        Settings = settings;
        Warnings = warnings;
        Origins = origins;
    }

    /// <summary>The settings the loop runs with.</summary>
    public DiscoverySettings Settings { get; }

    /// <summary>Things the user should know but that do not stop the loop: ignored seed settings, shadowed variables.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Where each setting's value came from, by key (any case); every supported key is present.</summary>
    public IReadOnlyDictionary<string, SettingOrigin> Origins { get; }

    /// <summary>
    /// The effective configuration, one line per setting, <c>INTERVAL = 1m (environment DYNACONF_INTERVAL)</c>, for
    /// verbose output. Secret settings and credentials inside URLs are masked.
    /// </summary>
    public IReadOnlyList<string> Describe() =>
        SettingDefinitions.All
            .Select(d => $"{d.Key} = {SettingValueText.Safe(d, d.Format(d.Read(Settings)))} ({Origins[d.Key]})")
            .ToList();
}
