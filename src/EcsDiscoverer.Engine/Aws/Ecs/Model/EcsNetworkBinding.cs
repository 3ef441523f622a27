using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A runtime port binding of a container (bridge and host network modes).</summary>
public sealed class EcsNetworkBinding
{
    /// <summary>The host address the port is bound on (<c>0.0.0.0</c>, <c>::</c>), when reported.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? BindIP { get; set; }

    /// <summary>The port inside the container.</summary>
    public int? ContainerPort { get; set; }

    /// <summary>The port on the host.</summary>
    public int? HostPort { get; set; }
}
