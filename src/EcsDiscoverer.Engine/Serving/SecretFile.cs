using System;
using System.IO;
using System.Security;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>Reads the files secrets come from, failing at start with the file and the setting named, never the content.</summary>
internal static class SecretFile
{
    /// <summary>
    /// The content of <paramref name="path"/> without surrounding white space (a trailing newline is what editors and
    /// <c>echo</c> leave, and Prometheus's <c>credentials_file</c> trims it the same way).
    /// </summary>
    /// <exception cref="ServerStartException">The file is missing, unreadable or empty.</exception>
    public static string Read(string path, string setting)
    {
        CheckReadable(path, setting, "the secret");
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            throw Unreadable(path, setting, "the secret", ex);
        }

        return text.Length > 0
            ? text
            : throw new ServerStartException($"The file {path} ({setting}) is empty: write the secret into it, or unset {setting}. The server does not start without it.");
    }

    /// <summary>Fails unless <paramref name="path"/> is a file this process can open.</summary>
    /// <exception cref="ServerStartException">The file is missing or unreadable.</exception>
    public static void CheckReadable(string path, string setting, string what)
    {
        if (!File.Exists(path))
        {
            throw new ServerStartException($"The file {path} ({setting}) does not exist: create it with {what}, or correct {setting}. The server does not start without it.");
        }

        try
        {
            using (File.OpenRead(path))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            throw Unreadable(path, setting, what, ex);
        }
    }

    private static ServerStartException Unreadable(string path, string setting, string what, Exception ex) =>
        new($"The file {path} ({setting}) cannot be read: {ex.Message} Let the account the loop runs as read it (it holds {what}). The server does not start without it.", ex);
}
