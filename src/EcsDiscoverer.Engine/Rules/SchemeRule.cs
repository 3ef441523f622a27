using System;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R13.3: the scheme a convention's scheme key gives, for <c>__scheme__</c>.</summary>
internal static class SchemeRule
{
    /// <summary>
    /// <c>http</c> or <c>https</c> (any case, blanks trimmed); absent or empty gives none (Prometheus's default,
    /// http); anything else is invalid: Prometheus would drop the target with an error at every reload.
    /// </summary>
    public static (string? Scheme, bool Invalid) Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, false);
        }

        return trimmed!.Equals("http", StringComparison.OrdinalIgnoreCase) ? ("http", false)
            : trimmed.Equals("https", StringComparison.OrdinalIgnoreCase) ? ("https", false)
            : (null, true);
    }
}
