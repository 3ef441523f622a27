using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>The rendered content of one output file.</summary>
internal sealed class FileSdFile
{
    /// <summary>Creates the file content.</summary>
    public FileSdFile(ScrapeInterval interval, byte[] content, int groupCount)
    {
        Interval = interval;
        Content = content;
        GroupCount = groupCount;
    }

    /// <summary>The interval the file serves.</summary>
    public ScrapeInterval Interval { get; }

    /// <summary>The file name, e.g. <c>30s-tasks.json</c>.</summary>
    public string FileName => ScrapeIntervals.FileName(Interval);

    /// <summary>UTF-8 JSON, no BOM, ending in a newline.</summary>
#pragma warning disable CA1819 // A byte buffer handed to the writer as it is.
    public byte[] Content { get; }
#pragma warning restore CA1819

    /// <summary>How many target groups the file holds.</summary>
    public int GroupCount { get; }
}
