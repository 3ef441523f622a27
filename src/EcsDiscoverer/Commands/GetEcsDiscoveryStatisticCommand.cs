using System.Management.Automation;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Shows the discovery caches and API call counts of this session.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "EcsDiscoveryStatistic", HelpUri = ProjectLinks.Help + "Get-EcsDiscoveryStatistic.md")]
[OutputType(typeof(EcsDiscoveryStatistic))]
public sealed class GetEcsDiscoveryStatisticCommand : PSCmdlet
{
    /// <summary>Only the sessions of these regions.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Region { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        foreach (var session in Engine.DiscoveryHost.Sessions)
        {
            if (RegionFilter.Matches(Region, session.Region))
            {
                WriteObject(EcsDiscoveryStatistic.From(session));
            }
        }
    }
}
