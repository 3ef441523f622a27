using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// prometheus-ecs-discoverer settings that EcsDiscoverer has no use for. A migrating user's file or container
/// environment still carries them, so they are warned about and ignored rather than refused.
/// </summary>
internal static class SeedOnlySettings
{
    private static readonly Dictionary<string, string> Hints = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LOG_LEVEL"] = "Use -Verbose and -Debug for more output.",
        ["LOG_JSON"] = "Messages go to the PowerShell streams; the round reports are objects that ConvertTo-Json can turn into JSON.",
        ["PRINT_STRUCTS"] = "Get-EcsPrometheusTarget -IncludeSkipped shows what discovery found, and why containers were skipped.",
        ["BOTO3_DEBUG"] = "EcsDiscoverer calls AWS with the AWS SDK for .NET, not boto3; use -Debug.",
        ["PROMETHEUS_NAMESPACE"] = "The self-metric names are fixed.",
        ["PROMETHEUS_SUBSYSTEM"] = "The self-metric names are fixed.",
    };

    /// <summary>Every such key, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> Keys => Hints.Keys;

    /// <summary>The warning for one of these keys, or null when the key is not one of them.</summary>
    public static string? Warning(string key, SettingOrigin origin) =>
        Hints.TryGetValue(key, out var hint)
            ? $"{key.ToUpperInvariant()} from {origin} is a prometheus-ecs-discoverer setting EcsDiscoverer does not use; it is ignored. {hint}"
            : null;
}
