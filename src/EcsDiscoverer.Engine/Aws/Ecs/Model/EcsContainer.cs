using System.Collections.Generic;
using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A container of a running task, as DescribeTasks reports it.</summary>
internal sealed class EcsContainer
{
    /// <summary>The container ARN.</summary>
    public string? ContainerArn { get; set; }

    /// <summary>The container name (matches a container definition's name).</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Name { get; set; }

    /// <summary>The image the container runs.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Image { get; set; }

    /// <summary>Runtime port bindings (bridge, host).</summary>
    public List<EcsNetworkBinding>? NetworkBindings { get; set; }

    /// <summary>Network interfaces (awsvpc).</summary>
    public List<EcsNetworkInterface>? NetworkInterfaces { get; set; }
}
