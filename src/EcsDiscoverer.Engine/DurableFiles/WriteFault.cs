namespace EcsDiscoverer.Engine.DurableFiles;

/// <summary>Why an output file could not be written, as far as the operator has to act on it.</summary>
public enum WriteFault
{
    /// <summary>A cause not recognised below; the system's message says more.</summary>
    Other,

    /// <summary>The directory does not exist (and could not be created, or vanished while writing).</summary>
    DirectoryMissing,

    /// <summary>A file stands where a directory of the path should be.</summary>
    NotADirectory,

    /// <summary>Permissions, the immutable attribute or a read-only file system forbid writing.</summary>
    NotWritable,

    /// <summary>No space (or quota) is left on the device.</summary>
    DiskFull,
}
