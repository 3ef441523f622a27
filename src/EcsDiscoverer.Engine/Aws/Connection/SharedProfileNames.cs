using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EcsDiscoverer.Engine.Aws.Connection;

/// <summary>
/// The profile names of the shared credentials and config files, for tab completion: only the section headers are
/// read (<c>[name]</c> in the credentials file, <c>[default]</c> and <c>[profile name]</c> in the config file), never
/// a key. A missing or unreadable file has no profiles.
/// </summary>
public static class SharedProfileNames
{
    /// <summary>
    /// The profiles of <paramref name="profileLocation"/> (a credentials file given with -ProfileLocation, with the
    /// <c>config</c> file beside it, as the SDK reads them) or, without it, of AWS_SHARED_CREDENTIALS_FILE and
    /// AWS_CONFIG_FILE (default <c>~/.aws/credentials</c> and <c>~/.aws/config</c>); sorted, each once.
    /// </summary>
    public static IReadOnlyList<string> Find(string? profileLocation)
    {
        string? credentialsFile;
        string? configFile;
        if (!string.IsNullOrWhiteSpace(profileLocation))
        {
            credentialsFile = profileLocation;
            var directory = Path.GetDirectoryName(Path.GetFullPath(profileLocation!));
            configFile = directory is null ? null : Path.Combine(directory, "config");
        }
        else
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var awsDirectory = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".aws");
            credentialsFile = NonEmpty(Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"))
                ?? (awsDirectory is null ? null : Path.Combine(awsDirectory, "credentials"));
            configFile = NonEmpty(Environment.GetEnvironmentVariable("AWS_CONFIG_FILE"))
                ?? (awsDirectory is null ? null : Path.Combine(awsDirectory, "config"));
        }

        return Parse(ReadQuietly(credentialsFile), isConfigFile: false)
            .Concat(Parse(ReadQuietly(configFile), isConfigFile: true))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The profile names of one file's text: its section headers, less the config file's other sections.</summary>
    public static IEnumerable<string> Parse(string? text, bool isConfigFile)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (var rawLine in text!.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length < 3 || line[0] != '[')
            {
                continue;
            }

            var end = line.IndexOf(']');
            if (end < 0)
            {
                continue;
            }

            var header = line.Substring(1, end - 1).Trim();
            if (!isConfigFile)
            {
                if (header.Length > 0)
                {
                    yield return header;
                }

                continue;
            }

            // The config file names profiles "profile NAME" (and "default" bare); "sso-session NAME" and "services NAME"
            // are other kinds of section.
            if (header == "default")
            {
                yield return header;
            }
            else if (header.StartsWith("profile ", StringComparison.Ordinal) || header.StartsWith("profile\t", StringComparison.Ordinal))
            {
                var name = header.Substring("profile".Length).Trim();
                if (name.Length > 0)
                {
                    yield return name;
                }
            }
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? ReadQuietly(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return null;
        }
    }
}
