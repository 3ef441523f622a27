using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EcsDiscoverer.Engine.DurableFiles;

/// <summary>
/// Creates files with exact Unix permission bits. The engine targets netstandard2.0, which has no
/// <c>UnixFileMode</c>; PowerShell 7.4+ runs on .NET 8, where <c>FileStreamOptions.UnixCreateMode</c> and
/// <c>File.SetUnixFileMode</c> exist, so they are bound by reflection. On Windows, and on runtimes older than .NET 7,
/// files get the platform's default permissions.
/// </summary>
internal static class FilePermissions
{
    private static readonly Type? ModeType = Type.GetType("System.IO.UnixFileMode");
    private static readonly Type? OptionsType = Type.GetType("System.IO.FileStreamOptions");
    private static readonly ConstructorInfo? StreamWithOptions = OptionsType is null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), OptionsType });
    private static readonly MethodInfo? SetOnHandle = ModeType is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(SafeFileHandle), ModeType });
    private static readonly MethodInfo? SetOnPath = ModeType is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), ModeType });
    private static readonly MethodInfo? GetOnPath = ModeType is null ? null : typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });

    /// <summary>Whether modes are applied here (a Unix system on .NET 7 or later).</summary>
    public static bool Supported { get; } =
        !RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
        && StreamWithOptions is not null && SetOnHandle is not null && SetOnPath is not null && GetOnPath is not null
        && OptionsType!.GetProperty("UnixCreateMode") is not null;

    /// <summary>
    /// Creates a new file for writing whose permission bits are exactly <paramref name="mode"/> before any byte is
    /// written: it is opened with that mode (the umask can only take bits away), then set to it exactly.
    /// </summary>
    /// <exception cref="IOException">The file exists, or the directory is missing, full or read-only.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static FileStream CreateNew(string path, int mode)
    {
        if (!Supported)
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
        }

        var options = Activator.CreateInstance(OptionsType!)!;
        OptionsType!.GetProperty("Mode")!.SetValue(options, FileMode.CreateNew);
        OptionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
        OptionsType.GetProperty("Share")!.SetValue(options, FileShare.None);
        OptionsType.GetProperty("UnixCreateMode")!.SetValue(options, Enum.ToObject(ModeType!, mode));
        var stream = (FileStream)Invoke(() => StreamWithOptions!.Invoke(new[] { path, options }));
        try
        {
            Invoke(() => SetOnHandle!.Invoke(null, new[] { stream.SafeFileHandle, Enum.ToObject(ModeType!, mode) }));
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The permission bits of <paramref name="path"/>, or null where modes are not supported.</summary>
    /// <exception cref="IOException">The file does not exist or cannot be read.</exception>
    public static int? Get(string path) =>
        Supported ? Convert.ToInt32(Invoke(() => GetOnPath!.Invoke(null, new object[] { path })), System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Sets the permission bits of an existing file; does nothing where modes are not supported.</summary>
    /// <exception cref="IOException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file belongs to another user.</exception>
    public static void Set(string path, int mode)
    {
        if (Supported)
        {
            Invoke(() => SetOnPath!.Invoke(null, new[] { path, Enum.ToObject(ModeType!, mode) }));
        }
    }

    // Reflection wraps what the method threw; callers catch IOException and UnauthorizedAccessException as usual.
    private static object Invoke(Func<object?> call)
    {
        try
        {
            return call()!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
