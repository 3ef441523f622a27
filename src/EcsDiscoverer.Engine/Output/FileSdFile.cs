using System.Collections.Generic;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Output;

/// <summary>The rendered content of one output file.</summary>
internal sealed class FileSdFile
{
    /// <summary>Creates the file content.</summary>
    public FileSdFile(ScrapeInterval interval, string fileName, byte[] content, IReadOnlyList<FileSdGroup> groups)
        : this(interval, fileName, content, groups, null)
    {
    }

    /// <summary>Creates the file content, with where each group's JSON lies in it.</summary>
    internal FileSdFile(ScrapeInterval interval, string fileName, byte[] content, IReadOnlyList<FileSdGroup> groups, (int Start, int Length)[]? fragments)
    {
        Interval = interval;
        FileName = fileName;
        Content = content;
        Groups = groups;
        Fragments = fragments;
    }

    /// <summary>
    /// Where each group of <see cref="Groups"/> lies in <see cref="Content"/> (its new line, indentation and object, not
    /// the comma between groups), so that the next rendering copies an unchanged group instead of writing it again;
    /// null when not known.
    /// </summary>
    internal (int Start, int Length)[]? Fragments { get; }

    /// <summary>The interval the file serves.</summary>
    public ScrapeInterval Interval { get; }

    /// <summary>The file name, e.g. <c>30s-tasks.json</c> (<see cref="OutputFileNames"/>).</summary>
    public string FileName { get; }

    /// <summary>UTF-8 JSON, no BOM, ending in a newline.</summary>
#pragma warning disable CA1819 // A byte buffer handed to the writer as it is.
    public byte[] Content { get; }
#pragma warning restore CA1819

    /// <summary>The groups the file holds, in file order; the http_sd endpoint serves them filtered.</summary>
    public IReadOnlyList<FileSdGroup> Groups { get; }

    /// <summary>How many target groups the file holds.</summary>
    public int GroupCount => Groups.Count;
}
