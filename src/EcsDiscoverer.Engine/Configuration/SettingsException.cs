using System;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// A setting cannot be used: a bad value, an unknown key in the settings file, a missing required setting, or a
/// settings file that cannot be read. The message names the setting, the value, where it came from and what is
/// accepted, so that it can be shown to the user as it is.
/// </summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception for one setting.</summary>
    /// <param name="key">The setting's key (<c>INTERVAL</c>), or null when the problem is not one setting's.</param>
    /// <param name="origin">Where the bad value came from, or null.</param>
    /// <param name="message">The whole message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SettingsException(string? key, SettingOrigin? origin, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Key = key;
        Origin = origin;
    }

    /// <summary>Creates the exception with a message.</summary>
    public SettingsException(string message)
        : this(null, null, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SettingsException(string message, Exception innerException)
        : this(null, null, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SettingsException()
        : this("The settings are invalid.")
    {
    }

    /// <summary>The setting's key (<c>INTERVAL</c>), or null when the problem is not one setting's.</summary>
    public string? Key { get; }

    /// <summary>Where the bad value came from, or null.</summary>
    public SettingOrigin? Origin { get; }
}
