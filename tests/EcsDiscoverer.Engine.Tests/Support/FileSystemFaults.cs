using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace EcsDiscoverer.Engine.Tests.Support;

/// <summary>
/// Makes a directory unwritable or full, as far as this machine allows: tests run as root in CI, where mode bits do
/// not stop writes, so an immutable attribute or a read-only / tiny tmpfs mount is used. Each method returns null
/// when the machine cannot do it, and the caller runs its fallback instead of passing silently.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class FileSystemFaults
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && geteuid() == 0;

    /// <summary>Makes <paramref name="directory"/> refuse new files: chattr +i as root, mode 0555 otherwise.</summary>
    public static IDisposable? TryMakeReadOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (!IsRoot)
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return new Undo(() => File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }

        return Run("chattr", "+i", directory) ? new Undo(() => Run("chattr", "-i", directory)) : null;
    }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> bytes (mode 0755) on <paramref name="directory"/>; null when mounting is not allowed.</summary>
    public static IDisposable? TryMountTmpfs(string directory, int size, bool readOnly = false)
    {
        if (!IsRoot || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var options = $"size={size},mode=0755" + (readOnly ? ",ro" : "");
        return Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", directory) ? new Undo(() => Run("umount", "-l", directory)) : null;
    }

    /// <summary>Remounts a tmpfs mounted by <see cref="TryMountTmpfs"/> read-write or read-only.</summary>
    public static bool Remount(string directory, bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", directory);

    /// <summary>Fills the file system of <paramref name="directory"/> with one file, until the device is full.</summary>
    public static string Fill(string directory)
    {
        var filler = Path.Combine(directory, "filler.bin");
        // Unbuffered, so that disposing the stream does not try to flush what did not fit.
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[1024];
        try
        {
            while (true)
            {
                stream.Write(block, 0, block.Length);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full, which is the point. What did not fit stays in the buffer; dropping it is fine.
        }

        return filler;
    }

    private static bool Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the command is not installed
        }
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    private sealed class Undo : IDisposable
    {
        private Action? _undo;

        public Undo(Action undo) => _undo = undo;

        public void Dispose()
        {
            _undo?.Invoke();
            _undo = null;
        }
    }
}
