using System;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>Reads a task definition's <c>networkMode</c>.</summary>
internal static class NetworkModes
{
    /// <summary>Classifies the mode; unknown values count as bridge, as ECS does with an absent mode.</summary>
    public static NetworkMode Parse(string? networkMode)
    {
        var mode = networkMode?.Trim();
        if (string.Equals(mode, "host", StringComparison.OrdinalIgnoreCase))
        {
            return NetworkMode.Host;
        }

        return string.Equals(mode, "awsvpc", StringComparison.OrdinalIgnoreCase) ? NetworkMode.AwsVpc : NetworkMode.Bridge;
    }
}
