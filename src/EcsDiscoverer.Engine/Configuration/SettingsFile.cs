using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// A settings file as read: its path (for messages, and as the base of relative paths in it) and its keys and
/// values as a .psd1 gives them (string, int, long, double, bool, object[] for arrays, null).
/// </summary>
public sealed class SettingsFile
{
    /// <summary>Creates the file's contents.</summary>
    /// <param name="path">The file's full path.</param>
    /// <param name="values">The keys and values; keys are matched to settings case-insensitively.</param>
    public SettingsFile(string path, IReadOnlyDictionary<string, object?> values)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The keys and values.</summary>
    public IReadOnlyDictionary<string, object?> Values { get; }
}
