using System;
using System.IO;

namespace EcsDiscoverer.Engine.DurableFiles;

/// <summary>
/// Turns a failed write into a sentence that says what happened and what to do, for the loop's warnings, the
/// cmdlets' errors and the cache and metrics file warnings alike.
/// </summary>
public static class WriteFaultAdvice
{
    // On Unix .NET gives errno as the HResult of the IOException it cannot map to a more specific type.
    private const int UnixNotADirectory = 20;
    private const int UnixNoSpace = 28;
    private const int UnixReadOnlyFileSystem = 30;
    private const int UnixQuotaExceeded = 122;

    // On Windows, HRESULT_FROM_WIN32 of ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL and ERROR_WRITE_PROTECT.
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsWriteProtect = unchecked((int)0x80070013);

    /// <summary>The kind of fault behind <paramref name="error"/>.</summary>
    internal static WriteFault Classify(Exception error) => error switch
    {
        null => throw new ArgumentNullException(nameof(error)),
        UnauthorizedAccessException => WriteFault.NotWritable,
        DirectoryNotFoundException => WriteFault.DirectoryMissing,
        IOException { HResult: UnixNoSpace or UnixQuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull } => WriteFault.DiskFull,
        IOException { HResult: UnixReadOnlyFileSystem or WindowsWriteProtect } => WriteFault.NotWritable,
        IOException { HResult: UnixNotADirectory } => WriteFault.NotADirectory,
        _ => WriteFault.Other,
    };

    /// <summary>
    /// The kind of fault behind <paramref name="error"/> for a write into <paramref name="directory"/>: .NET reports
    /// a file standing in the path (ENOTDIR) as a missing directory, so the path is looked at to tell them apart.
    /// </summary>
    internal static WriteFault Classify(Exception error, string directory)
    {
        var fault = Classify(error);
        return fault == WriteFault.DirectoryMissing && HasFileInPath(directory) ? WriteFault.NotADirectory : fault;
    }

    /// <summary>What to do about <paramref name="error"/>, for files in <paramref name="directory"/>; one or two sentences.</summary>
    public static string WhatToDo(Exception error, string directory) => Classify(error, directory) switch
    {
        WriteFault.DiskFull => $"The disk holding {directory} is full: free space there or enlarge the volume.",
        WriteFault.NotWritable => $"{directory} is not writable by this user: grant write permission (chmod/chown), clear the immutable attribute (chattr -i) or remount the file system read-write.",
        WriteFault.DirectoryMissing => $"{directory} does not exist and could not be created: create it, or check that its parent directories exist and are writable.",
        WriteFault.NotADirectory => $"A file stands where a directory of {directory} should be: remove it or choose another path.",
        _ => $"Check that {directory} exists, is writable by this user, and that the disk is not full.",
    };

    private static bool HasFileInPath(string directory)
    {
        try
        {
            for (var path = Path.GetFullPath(directory); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
            {
                if (File.Exists(path))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            // A path that cannot even be looked at is reported as it was.
        }

        return false;
    }

    /// <summary>
    /// The system's reason and what to do, for a write into <paramref name="directory"/>. Callers add what happened to
    /// their files; <see cref="AtomicFileWriter"/> never leaves a partial one.
    /// </summary>
    public static string Describe(Exception error, string directory)
    {
        if (error is null)
        {
            throw new ArgumentNullException(nameof(error));
        }

        return $"{error.Message.TrimEnd('.', ' ')}. {WhatToDo(error, directory)}";
    }

    /// <summary>As <see cref="Describe"/>, for a single file such as the metrics or cache file: advice about its directory.</summary>
    public static string DescribeFile(Exception error, string filePath) =>
        Describe(error, Path.GetDirectoryName(Path.GetFullPath(filePath)) ?? ".");
}
