using System;
using System.IO;
using System.Linq;

namespace EcsDiscoverer.Engine.DurableFiles;

/// <summary>
/// R10: replaces a file so that a reader sees the old content or the new, never a partial file:
/// a temporary file in the same directory, flushed to disk, renamed over the old one.
/// </summary>
internal static class AtomicFileWriter
{
    /// <summary>The suffix of temporary files, so that leftovers of a killed process are recognisable.</summary>
    public const string TemporarySuffix = ".ecsd-tmp";

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> unless it already holds exactly that; a new file
    /// gets mode <see cref="FileModes.Shared"/> (0644) whatever the umask.
    /// </summary>
    /// <exception cref="IOException">The directory is missing, full or not writable.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file is not writable.</exception>
    public static WriteOutcome Write(string path, byte[] content) => Write(path, content, FileModes.Shared);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> unless it already holds exactly that. The file
    /// gets the Unix permission bits <paramref name="mode"/> whatever the umask: the temporary file has them before
    /// its first byte is written, and an unchanged file with other bits is set to them.
    /// </summary>
    /// <exception cref="IOException">The directory is missing, full or not writable.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file is not writable.</exception>
    public static WriteOutcome Write(string path, byte[] content, int mode)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        if (HasContent(path, content))
        {
            CorrectMode(path, mode);
            return WriteOutcome.Unchanged;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        // Hidden and unique: Prometheus' file_sd globs *.json, and two writers never share a temp file.
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + TemporarySuffix);
        try
        {
            using (var stream = FilePermissions.CreateNew(temporary, mode))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            Replace(temporary, path);
            return WriteOutcome.Written;
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    // A file written by an older version, or by hand, may be world-writable or unreadable for Prometheus.
    private static void CorrectMode(string path, int mode)
    {
        try
        {
            if (FilePermissions.Get(path) is { } current && current != mode)
            {
                FilePermissions.Set(path, mode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's file: its content is right, which is what matters to the reader.
        }
    }

    private static bool HasContent(string path, byte[] content)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == content.Length && SameBytes(path, content);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Replace(string temporary, string path)
    {
        // netstandard2.0 has no File.Move(overwrite); File.Replace is rename(2) on Unix and
        // ReplaceFile on Windows, both atomic, but it needs an existing destination.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Replace(temporary, path, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, path);
                }

                return;
            }
            catch (IOException) when (attempt < 2)
            {
                // Another writer created or removed the destination between the check and the rename.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Best effort: the original error, if any, is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    // Compared a buffer at a time: reading a large file whole (35 MB at 20,000 targets) would put a second copy of it
    // on the large-object heap every round, only to find it unchanged.
    private static bool SameBytes(string path, byte[] content)
    {
        const int BufferSize = 64 * 1024;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.SequentialScan);
        var buffer = new byte[Math.Min(BufferSize, Math.Max(1, content.Length))];
        var offset = 0;
        while (offset < content.Length)
        {
            var read = stream.Read(buffer, 0, Math.Min(buffer.Length, content.Length - offset));
            if (read == 0)
            {
                return false;
            }

            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != content[offset + i])
                {
                    return false;
                }
            }

            offset += read;
        }

        return stream.ReadByte() < 0;
    }
}
