using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A container definition of a task definition: where the PROMETHEUS_* settings live.</summary>
internal sealed class EcsContainerDefinition
{
    /// <summary>The container name, unique within the task definition.</summary>
    public string? Name { get; set; }

    /// <summary>The image reference.</summary>
    public string? Image { get; set; }

    /// <summary>The environment variables.</summary>
    public List<EcsKeyValue>? Environment { get; set; }

    /// <summary>The docker labels: where the docker-label marking conventions live (R13).</summary>
    public Dictionary<string, string?>? DockerLabels { get; set; }

    /// <summary>The declared port mappings.</summary>
    public List<EcsPortMapping>? PortMappings { get; set; }

    /// <summary>The restart policy; a container restarted in place can get a new dynamic host port in bridge mode.</summary>
    public EcsRestartPolicy? RestartPolicy { get; set; }
}
