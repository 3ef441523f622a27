using System;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>A wildcard of the cluster selection matched no cluster of the account and region.</summary>
public sealed class ClusterSelectionException : Exception
{
    /// <summary>Creates the error for <paramref name="pattern"/>, naming where it was looked for and what is there.</summary>
    public ClusterSelectionException(string pattern, string? account, string region, string available)
        : base(Describe(pattern, account, region, available))
    {
        Pattern = pattern;
        Account = account;
        Region = region;
    }

    /// <summary>The wildcard.</summary>
    public string Pattern { get; }

    /// <summary>The account id, when a listed cluster's ARN told it.</summary>
    public string? Account { get; }

    /// <summary>The region.</summary>
    public string Region { get; }

    /// <summary>What to check, for error records' recommended action.</summary>
    public static string Advice =>
        "Check the pattern for a typo, the region (-Region, AWS_REGION) and the account of the credentials (-ProfileName, AWS_PROFILE).";

    private static string Describe(string pattern, string? account, string region, string available)
    {
        var where = account is null ? $"region {region} (the credentials' account has no cluster there)" : $"account {account}, region {region}";
        var there = available.Length == 0 ? "There is no cluster there." : "Clusters there: " + available + ".";
        return $"No cluster in {where} matches '{pattern}'. {there} {Advice}";
    }
}
