namespace EcsDiscoverer.Engine.Rules;

/// <summary>The port to scrape, or why there is none.</summary>
internal sealed record PortResult(int? Port, SkipReason? Reason, string? Detail)
{
    /// <summary>A port was found.</summary>
    public static PortResult Found(int port) => new(port, null, null);

    /// <summary>The container is skipped.</summary>
    public static PortResult Skip(SkipReason reason, string detail) => new(null, reason, detail);
}
