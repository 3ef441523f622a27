namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>
/// One set of a marked container's scrape keys (R13): the unnamed set, or a named one (<c>PROMETHEUS_PORT_JMX</c> and
/// its <c>_JMX</c> companions). Values are the raw texts (null when the key is absent), and <c>...Key</c> the keys they
/// came from, for messages.
/// </summary>
internal sealed record ScrapeSpec
{
    /// <summary>The set's name (the suffix after <c>_</c>), empty for the unnamed set.</summary>
    public string SetName { get; init; } = "";

    /// <summary>The port list text (R13.1), or null.</summary>
    public string? Ports { get; init; }

    /// <summary>The key <see cref="Ports"/> came from.</summary>
    public string? PortKey { get; init; }

    /// <summary>What the ports mean.</summary>
    public PortMeaning PortMeaning { get; init; }

    /// <summary>The bridge-mode container port list text (R4.3), or null.</summary>
    public string? ContainerPorts { get; init; }

    /// <summary>The key <see cref="ContainerPorts"/> came from.</summary>
    public string? ContainerPortKey { get; init; }

    /// <summary>The <c>[interval:]path</c> list (R6), or null.</summary>
    public string? Endpoints { get; init; }

    /// <summary>The key <see cref="Endpoints"/> came from.</summary>
    public string? EndpointKey { get; init; }

    /// <summary>One metrics path, when the convention has no endpoint list; or null.</summary>
    public string? Path { get; init; }

    /// <summary>The scheme text, or null.</summary>
    public string? Scheme { get; init; }

    /// <summary>The key <see cref="Scheme"/> came from.</summary>
    public string? SchemeKey { get; init; }

    /// <summary>The job name text, or null.</summary>
    public string? Job { get; init; }
}
