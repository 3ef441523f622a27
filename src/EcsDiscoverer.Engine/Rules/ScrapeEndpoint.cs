namespace EcsDiscoverer.Engine.Rules;

/// <summary>One (interval, metrics path) pair of a container (R6).</summary>
internal sealed record ScrapeEndpoint(ScrapeInterval Interval, string Path);
