namespace EcsDiscoverer.Engine.DurableFiles;

/// <summary>The Unix permission bits of the files this module writes, whatever the process umask is.</summary>
internal static class FileModes
{
    /// <summary>
    /// <c>0644</c>: the file_sd files and the metrics file, which Prometheus or node_exporter may read as another
    /// user, but only this user may change.
    /// </summary>
    public const int Shared = 0x1A4;

    /// <summary><c>0600</c>: the cache file, which holds task definitions and so their environment variables.</summary>
    public const int Private = 0x180;

    /// <summary>The mode in octal, as <c>ls -l</c> and <c>chmod</c> users read it (<c>0644</c>).</summary>
    public static string ToOctal(int mode) => "0" + System.Convert.ToString(mode & 0xFFF, 8).PadLeft(3, '0');
}
