using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>The rendered content of one output file.</summary>
internal sealed class FileSdFile
{
    /// <summary>Creates the file content.</summary>
    public FileSdFile(ScrapeInterval interval, string fileName, byte[] content, int groupCount)
    {
        Interval = interval;
        FileName = fileName;
        Content = content;
        GroupCount = groupCount;
    }

    /// <summary>The interval the file serves.</summary>
    public ScrapeInterval Interval { get; }

    /// <summary>The file name, e.g. <c>30s-tasks.json</c> (<see cref="OutputFileNames"/>).</summary>
    public string FileName { get; }

    /// <summary>UTF-8 JSON, no BOM, ending in a newline.</summary>
#pragma warning disable CA1819 // A byte buffer handed to the writer as it is.
    public byte[] Content { get; }
#pragma warning restore CA1819

    /// <summary>How many target groups the file holds.</summary>
    public int GroupCount { get; }
}
