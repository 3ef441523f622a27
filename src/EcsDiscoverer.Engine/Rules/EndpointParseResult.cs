using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>The endpoints a <c>PROMETHEUS_ENDPOINT</c> value gives, and what was wrong with it.</summary>
internal sealed record EndpointParseResult(IReadOnlyList<ScrapeEndpoint> Endpoints, IReadOnlyList<string> Warnings);
