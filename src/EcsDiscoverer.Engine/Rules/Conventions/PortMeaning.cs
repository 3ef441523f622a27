namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>What the port a convention's port key gives means.</summary>
public enum PortMeaning
{
    /// <summary>The port to scrape, in every network mode (<c>PROMETHEUS_PORT</c>, R4.1).</summary>
    ScrapePort,

    /// <summary>
    /// The port inside the container: in bridge mode the host port bound to it (R4.3), in host and awsvpc mode the
    /// port itself (the docker-label conventions, R13).
    /// </summary>
    ContainerPort,
}
