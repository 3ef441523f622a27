using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>The two places a container definition carries marking keys: its environment (overrides applied) and its docker labels.</summary>
internal sealed class ContainerKeys
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Creates the view.</summary>
    public ContainerKeys(IReadOnlyDictionary<string, string>? environment, IReadOnlyDictionary<string, string>? dockerLabels)
    {
        Environment = environment ?? None;
        DockerLabels = dockerLabels ?? None;
    }

    /// <summary>The environment, with the task's overrides applied (R2).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The docker labels.</summary>
    public IReadOnlyDictionary<string, string> DockerLabels { get; }

    /// <summary>The keys of <paramref name="source"/>.</summary>
    public IReadOnlyDictionary<string, string> From(MarkerSource source) =>
        source == MarkerSource.Environment ? Environment : DockerLabels;
}
