using System;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R3: whether the marker variable's value marks a container as a target.</summary>
internal static class MarkerRule
{
    /// <summary>
    /// Any value marks the container (the older tools only checked that the variable exists),
    /// except the ones users write to mean "off".
    /// </summary>
    public static bool IsMarked(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var trimmed = value.Trim();
        return !(trimmed.Equals("false", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("0", StringComparison.Ordinal)
            || trimmed.Equals("no", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("off", StringComparison.OrdinalIgnoreCase));
    }
}
