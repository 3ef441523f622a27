using System.IO;
using System.Management.Automation;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Empties the discovery caches of this session, and optionally a cache file.</para>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "EcsDiscoveryCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ProjectLinks.Help + "Clear-EcsDiscoveryCache.md")]
public sealed class ClearEcsDiscoveryCacheCommand : PSCmdlet
{
    /// <summary>Only the sessions of these regions.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Region { get; set; }

    /// <summary>A cache file (-CachePath of the other cmdlets) to delete as well.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CachePath { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        foreach (var session in Engine.DiscoveryHost.Sessions)
        {
            if (RegionFilter.Matches(Region, session.Region) && ShouldProcess($"{session.Region} at {session.Endpoint}", "Clear the discovery caches"))
            {
                session.Caches.Clear();
                session.ForgetLoadedCacheFiles();
            }
        }

        if (CachePath is null)
        {
            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(CachePath);
        if (File.Exists(path) && ShouldProcess(path, "Delete the cache file"))
        {
            try
            {
                File.Delete(path);
            }
            catch (System.Exception ex) when (ErrorRecords.IsFileSystemError(ex))
            {
                WriteError(new ErrorRecord(ex, "CacheFileDeleteFailed", ErrorCategory.WriteError, path));
            }
        }
    }
}
