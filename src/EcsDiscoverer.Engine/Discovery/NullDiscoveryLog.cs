namespace EcsDiscoverer.Engine.Discovery;

/// <summary>A log that discards everything.</summary>
internal sealed class NullDiscoveryLog : IDiscoveryLog
{
    /// <summary>The shared instance.</summary>
    public static NullDiscoveryLog Instance { get; } = new();

    /// <inheritdoc />
    public void Verbose(string message)
    {
    }

    /// <inheritdoc />
    public void Debug(string message)
    {
    }

    /// <inheritdoc />
    public void Warning(string message)
    {
    }

    /// <inheritdoc />
    public void Progress(DiscoveryProgress progress)
    {
    }
}
