using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// The query of a <c>/targets</c> request: <c>interval</c>, <c>file</c>, <c>account</c>, <c>region</c>, <c>cluster</c>.
/// Several values of one parameter (repeated, or a comma list) mean any of them; different parameters must all hold.
/// Account, region and cluster come from the group's <c>__meta_ecs_cluster_arn</c> label.
/// </summary>
internal sealed class TargetFilter
{
    /// <summary>The parameters, as the 400 answer names them.</summary>
    public const string Parameters = "interval, file, account, region or cluster";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private static readonly Regex AccountId = new("^[0-9]{12}$", RegexOptions.CultureInvariant, RegexTimeout);
    private static readonly Regex RegionName = new("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant, RegexTimeout);

    // ECS cluster names: letters, digits, hyphens and underscores, up to 255.
    private static readonly Regex ClusterName = new("^[A-Za-z0-9_-]{1,255}$", RegexOptions.CultureInvariant, RegexTimeout);

    private TargetFilter()
    {
    }

    /// <summary>No filter: every group of every file.</summary>
    public static TargetFilter All { get; } = new();

    /// <summary>The intervals asked for (<c>interval</c>); null for any.</summary>
    public HashSet<ScrapeInterval>? Intervals { get; private set; }

    /// <summary>The files asked for (<c>file</c>), by interval; null for any.</summary>
    public HashSet<ScrapeInterval>? Files { get; private set; }

    /// <summary>The accounts asked for; null for any.</summary>
    public HashSet<string>? Accounts { get; private set; }

    /// <summary>The regions asked for; null for any.</summary>
    public HashSet<string>? Regions { get; private set; }

    /// <summary>The cluster names asked for; null for any.</summary>
    public HashSet<string>? Clusters { get; private set; }

    /// <summary>Whether only whole files are asked for, so that a file's bytes can be served as they are.</summary>
    public bool WholeFiles => Accounts is null && Regions is null && Clusters is null;

    /// <summary>
    /// Reads the query's parameters (names in any case, values as given).
    /// </summary>
    /// <param name="parameters">Each parameter with its values, already URL-decoded.</param>
    /// <param name="fileNames">The file of each interval, for <c>file</c>.</param>
    /// <param name="problem">A one-line reason naming the valid parameters or values, when the query is refused.</param>
    /// <returns>The filter; null when <paramref name="problem"/> says why not.</returns>
    public static TargetFilter? Parse(IEnumerable<KeyValuePair<string, IEnumerable<string>>> parameters, OutputFileNames fileNames, out string problem)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        if (fileNames is null)
        {
            throw new ArgumentNullException(nameof(fileNames));
        }

        var filter = new TargetFilter();
        foreach (var parameter in parameters)
        {
            var name = parameter.Key.ToLowerInvariant();
            var values = parameter.Value.SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList();
            if (name is not ("interval" or "file" or "account" or "region" or "cluster"))
            {
                problem = $"unknown parameter '{parameter.Key}': use {Parameters}";
                return null;
            }

            if (values.Count == 0 || values.Any(v => v.Length == 0))
            {
                problem = $"parameter '{name}' has an empty value: give a value, or leave the parameter out";
                return null;
            }

            problem = name switch
            {
                "interval" => filter.AddIntervals(values),
                "file" => filter.AddFiles(values, fileNames),
                "account" => Add(filter.Accounts ??= new(StringComparer.Ordinal), values, AccountId, "account", "a 12-digit AWS account id such as 123456789012"),
                "region" => Add(filter.Regions ??= new(StringComparer.Ordinal), values, RegionName, "region", "a region name such as us-east-1"),
                _ => Add(filter.Clusters ??= new(StringComparer.Ordinal), values, ClusterName, "cluster", "a cluster name (letters, digits, - and _)"),
            };
            if (problem.Length > 0)
            {
                return null;
            }
        }

        problem = "";
        return filter;
    }

    /// <summary>Whether the file of <paramref name="interval"/> is asked for.</summary>
    public bool Includes(ScrapeInterval interval) =>
        (Intervals is null || Intervals.Contains(interval)) && (Files is null || Files.Contains(interval));

    /// <summary>Whether <paramref name="group"/> is asked for, by the account, region and cluster of its cluster ARN.</summary>
    public bool Matches(FileSdGroup group)
    {
        if (group is null)
        {
            throw new ArgumentNullException(nameof(group));
        }

        if (WholeFiles)
        {
            return true;
        }

        var arn = ClusterArn(group);
        return (Accounts is null || Accounts.Contains(ArnParts.Account(arn)))
            && (Regions is null || Regions.Contains(ArnParts.Region(arn)))
            && (Clusters is null || Clusters.Contains(group.Cluster ?? ""));
    }

    /// <summary>The group's <c>__meta_ecs_cluster_arn</c>; empty when it has none (a hand-made pipeline object).</summary>
    public static string ClusterArn(FileSdGroup group) =>
        group.Labels.TryGetValue(TargetLabelRule.ClusterArnLabel, out var arn) ? arn ?? "" : "";

    private static string Add(HashSet<string> set, List<string> values, Regex valid, string what, string use)
    {
        foreach (var value in values)
        {
            if (!valid.IsMatch(value))
            {
                return $"{what} '{value}' is not valid: use {use}";
            }

            set.Add(value);
        }

        return "";
    }

    private string AddIntervals(List<string> values)
    {
        Intervals ??= new HashSet<ScrapeInterval>();
        foreach (var value in values)
        {
            if (!ScrapeIntervals.TryParse(value, out var interval))
            {
                return $"interval '{value}' is not one: use {string.Join(", ", ScrapeIntervals.All.Select(ScrapeIntervals.Name))}";
            }

            Intervals.Add(interval);
        }

        return "";
    }

    private string AddFiles(List<string> values, OutputFileNames fileNames)
    {
        Files ??= new HashSet<ScrapeInterval>();
        foreach (var value in values)
        {
            var interval = ScrapeIntervals.All.Where(i => string.Equals(fileNames.Of(i), value, StringComparison.Ordinal)).ToList();
            if (interval.Count == 0)
            {
                return $"file '{value}' is not one of the files: use {fileNames}";
            }

            Files.UnionWith(interval);
        }

        return "";
    }
}
