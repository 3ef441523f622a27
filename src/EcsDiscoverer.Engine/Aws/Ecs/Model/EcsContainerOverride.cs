using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A per-container override given to RunTask or StartTask.</summary>
internal sealed class EcsContainerOverride
{
    /// <summary>The container the override applies to.</summary>
    public string? Name { get; set; }

    /// <summary>Environment variables that replace the container definition's values (R2).</summary>
    public List<EcsKeyValue>? Environment { get; set; }
}
