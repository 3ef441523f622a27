using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>
/// What the files held after the last round, per cluster: remembered by a process that wrote them (the loop), read
/// back from the files otherwise (a one-off run, a loop's first round). R10 keeps a failed cluster's groups from here,
/// and the churn guard compares a round with it. Every group names its cluster (<c>__meta_ecs_cluster_arn</c>, R8
/// groups included), so the files alone are enough.
/// </summary>
internal sealed class PreviousTargets
{
    private readonly string _directory;
    private readonly LabelNames _labelNames;
    private readonly OutputFileNames _fileNames;
    private Dictionary<string, List<FileSdGroup>>? _remembered;
    private IReadOnlyList<FileSdGroup>? _fromFiles;

    public PreviousTargets(string directory, LabelNames labelNames, OutputFileNames fileNames)
    {
        _directory = directory;
        _labelNames = labelNames;
        _fileNames = fileNames;
    }

    /// <summary>Forgets the files read in the previous round: another writer may have changed them since.</summary>
    public void BeginRound() => _fromFiles = null;

    /// <summary>The clusters that had groups, by <see cref="FileSdGroup.ClusterKey"/>.</summary>
    public IReadOnlyList<string> Clusters() => _remembered is not null
        ? _remembered.Keys.ToList()
        : FromFiles().Select(KeyOf).Where(c => c is not null).Select(c => c!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The groups of the clusters <paramref name="covers"/> accepts.</summary>
    public List<FileSdGroup> Of(Func<string, bool> covers)
    {
        if (_remembered is not null)
        {
            return _remembered.Where(c => covers(c.Key)).SelectMany(c => c.Value).ToList();
        }

        return FromFiles().Where(g => KeyOf(g) is { } cluster && covers(cluster)).ToList();
    }

    /// <summary>Remembers what was written, per cluster; groups that name no cluster cannot be kept for one.</summary>
    public void Remember(IEnumerable<FileSdGroup> written)
    {
        _remembered = written
            .Where(g => KeyOf(g) is not null)
            .GroupBy(g => KeyOf(g)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    private IReadOnlyList<FileSdGroup> FromFiles() => _fromFiles ??= FileSdReader.ReadDirectory(_directory, _fileNames);

    // Files written before every group carried its cluster ARN still have the cluster label on the others.
    private string? KeyOf(FileSdGroup group) =>
        group.ClusterKey ?? group.Cluster ?? (group.Labels.TryGetValue(_labelNames.Cluster, out var name) && name.Length > 0 ? name : null);
}
