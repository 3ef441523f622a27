using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>What a <see cref="DiscoveryRound"/> works with, taken from the run's <see cref="DiscoverySettings"/>.</summary>
internal sealed class RoundOptions
{
    public RoundOptions(DiscoverySettings settings, string region, bool oneOff)
    {
        if (string.IsNullOrEmpty(settings.OutputDirectory))
        {
            throw new ArgumentException("A round needs an output directory.", nameof(settings));
        }

        OutputDirectory = settings.OutputDirectory!;
        Clusters = settings.Clusters;
        Region = region;
        CachePath = string.IsNullOrEmpty(settings.CachePath) ? null : settings.CachePath;
        MetricsFile = string.IsNullOrEmpty(settings.Metrics.File) ? null : settings.Metrics.File;
        ChurnGuard = settings.ChurnGuard;
        LabelNames = settings.Discovery.Rules.LabelNames;
        FileNames = settings.OutputFiles;
        OneOff = oneOff;
    }

    public string OutputDirectory { get; }

    public IReadOnlyList<string> Clusters { get; }

    public string Region { get; }

    public string? CachePath { get; }

    public string? MetricsFile { get; }

    public ChurnGuardSettings ChurnGuard { get; }

    public LabelNames LabelNames { get; }

    /// <summary>The file of each interval (<c>FILENAME_*</c>), written and read back.</summary>
    public OutputFileNames FileNames { get; }

    /// <summary>A one-off run (Export-EcsFileSd) rather than the loop: the churn guard cannot wait for later rounds.</summary>
    public bool OneOff { get; }
}
