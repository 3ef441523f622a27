namespace EcsDiscoverer.Engine.Configuration;

/// <summary>Where a setting's value can come from, lowest precedence first.</summary>
public enum SettingSource
{
    /// <summary>The built-in default.</summary>
    Default,

    /// <summary>A <c>PROMED_</c> or <c>DYNACONF_</c> environment variable.</summary>
    Environment,

    /// <summary>The settings file (.psd1).</summary>
    SettingsFile,

    /// <summary>A cmdlet parameter.</summary>
    Parameter,
}
