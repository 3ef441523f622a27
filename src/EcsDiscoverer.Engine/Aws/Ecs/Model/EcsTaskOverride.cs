using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>The overrides a task was started with.</summary>
internal sealed class EcsTaskOverride
{
    /// <summary>Per-container overrides.</summary>
    public List<EcsContainerOverride>? ContainerOverrides { get; set; }
}
