using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsDiscoverer.Completion;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Commands;

/// <summary>
/// <para type="synopsis">Discovers the ECS containers marked for Prometheus and returns one object per target group.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "EcsPrometheusTarget", HelpUri = ProjectLinks.Help + "Get-EcsPrometheusTarget.md")]
[OutputType(typeof(EcsPrometheusTarget), typeof(EcsSkippedContainer))]
public sealed class GetEcsPrometheusTargetCommand : DiscoveryCommandBase
{
    /// <summary>Cluster names, ARNs or wildcards. Default: every cluster of the region.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Clusters", "ClusterName", "ClusterArn")]
    [ArgumentCompleter(typeof(ClusterCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Cluster { get; set; } = Array.Empty<string>();

    /// <summary>Also return a record for every marked container that did not become a target, with the reason.</summary>
    [Parameter]
    public SwitchParameter IncludeSkipped { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var settings = ResolveParameterSettings();
        using var host = Connect(settings, loop: false);
        Engine.Discovery.DiscoveryResult result;
        try
        {
            result = RunEngine("Discovering ECS targets", oneOff: true, (log, token) => host.DiscoverAsync(log, token));
        }
        catch (AwsApiException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromAws(ex, "ListClusters"));
            throw; // not reached: ThrowTerminatingError always throws
        }

        WriteVerbose($"Discovered {result.Targets.Count} target group(s) and {result.Skipped.Count} skipped container(s) in {result.DiscoveredClusters.Count} cluster(s); {result.Failures.Count} cluster(s) failed");
        if (result.FailedEntirely)
        {
            ThrowTerminatingError(DiscoveryFailedError(Cluster));
        }

        PipelineOutcomes.Record(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, MyInvocation.HistoryId, result.Outcome);
        foreach (var target in result.Targets)
        {
            // Every object carries what its discovery knew of failed clusters, for Export-EcsFileSd (R10).
            WriteObject(OutputMapper.ToOutput(target, result.Outcome, settings.OutputFiles));
        }

        foreach (var skipped in result.Skipped)
        {
            if (IncludeSkipped)
            {
                WriteObject(OutputMapper.ToOutput(skipped));
            }
            else
            {
                WriteVerbose($"Skipped {skipped.ClusterName}/{skipped.TaskId} container '{skipped.ContainerName}': {SkipReasons.Name(skipped.Reason)} ({skipped.Detail})");
            }
        }
    }
}
