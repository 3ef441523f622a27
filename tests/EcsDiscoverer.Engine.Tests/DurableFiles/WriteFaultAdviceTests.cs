using System;
using System.IO;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.DurableFiles;

/// <summary>Issue 4: each way a write can fail is named, with what to do about it.</summary>
public class WriteFaultAdviceTests
{
    public static TheoryData<Exception, WriteFault, string> Cases => new()
    {
        { new IOException("No space left on device : '/t/x'", 28), WriteFault.DiskFull, "The disk holding /t is full: free space there or enlarge the volume." },
        { new IOException("Disk quota exceeded", 122), WriteFault.DiskFull, "The disk holding /t is full" },
        { new IOException("There is not enough space on the disk.", unchecked((int)0x80070070)), WriteFault.DiskFull, "The disk holding /t is full" },
        { new IOException("Read-only file system : '/t/x'", 30), WriteFault.NotWritable, "/t is not writable by this user: grant write permission (chmod/chown), clear the immutable attribute (chattr -i) or remount the file system read-write." },
        { new UnauthorizedAccessException("Access to the path '/t/x' is denied."), WriteFault.NotWritable, "/t is not writable by this user" },
        { new DirectoryNotFoundException("Could not find a part of the path '/t/x'."), WriteFault.DirectoryMissing, "/t does not exist and could not be created: create it, or check that its parent directories exist and are writable." },
        { new IOException("Not a directory", 20), WriteFault.NotADirectory, "A file stands where a directory of /t should be: remove it or choose another path." },
        { new IOException("Input/output error", 5), WriteFault.Other, "Check that /t exists, is writable by this user, and that the disk is not full." },
    };

    [Theory(DisplayName = "Issue 4: a write failure is classified and described with what to do")]
    [MemberData(nameof(Cases))]
    public void Describes(Exception error, WriteFault fault, string advice)
    {
        Assert.Equal(fault, WriteFaultAdvice.Classify(error));
        var message = WriteFaultAdvice.Describe(error, "/t");
        Assert.StartsWith(error.Message.TrimEnd('.'), message, StringComparison.Ordinal);
        Assert.Contains(advice, message, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Issue 4: a missing directory with a file in its path (ENOTDIR, which .NET reports as not found) is named as such")]
    public void FileInThePath()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("file"), "x");
        var inTheWay = Path.Combine(dir.File("file"), "targets");
        var error = Assert.Throws<DirectoryNotFoundException>(() => Directory.CreateDirectory(inTheWay));
        Assert.Equal(WriteFault.NotADirectory, WriteFaultAdvice.Classify(error, inTheWay));
        Assert.Equal(WriteFault.DirectoryMissing, WriteFaultAdvice.Classify(error, dir.File("absent/targets")));
    }
}
