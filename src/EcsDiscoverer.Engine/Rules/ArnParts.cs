using System;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>Reads names and ids out of ECS ARNs and task groups.</summary>
internal static class ArnParts
{
    /// <summary>
    /// The last <c>/</c>-separated segment: the task id of both the old (<c>task/ID</c>) and the new
    /// (<c>task/CLUSTER/ID</c>) ARN formats, the container id, the cluster name.
    /// </summary>
    public static string LastSegment(string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            return "";
        }

        var slash = arn!.LastIndexOf('/');
        return slash >= 0 ? arn.Substring(slash + 1) : arn;
    }

    /// <summary>The cluster name of a cluster ARN; a plain name is returned as it is.</summary>
    public static string ClusterName(string? clusterArnOrName)
    {
        if (string.IsNullOrEmpty(clusterArnOrName))
        {
            return "";
        }

        return clusterArnOrName!.StartsWith("arn:", StringComparison.Ordinal) ? LastSegment(clusterArnOrName) : clusterArnOrName;
    }

    /// <summary>The service name of a task group <c>service:NAME</c>; empty for standalone tasks.</summary>
    public static string ServiceName(string? group)
    {
        const string prefix = "service:";
        return group is not null && group.StartsWith(prefix, StringComparison.Ordinal) ? group.Substring(prefix.Length) : "";
    }

    /// <summary>The region of an ARN (<c>arn:PARTITION:SERVICE:REGION:ACCOUNT:...</c>); empty when it is not one.</summary>
    public static string Region(string? arn)
    {
        var parts = (arn ?? "").Split(':');
        return parts.Length >= 6 && parts[0] == "arn" ? parts[3] : "";
    }

    /// <summary>The account id of an ARN (<c>arn:PARTITION:SERVICE:REGION:ACCOUNT:...</c>); empty when it is not one.</summary>
    public static string Account(string? arn)
    {
        var parts = (arn ?? "").Split(':');
        return parts.Length >= 6 && parts[0] == "arn" ? parts[4] : "";
    }
}
