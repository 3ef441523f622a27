using System.Collections.Generic;
using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A task attachment; for awsvpc tasks the ENI, whose details carry its private IPv4 address.</summary>
internal sealed class EcsAttachment
{
    /// <summary>The attachment type, e.g. <c>ElasticNetworkInterface</c>.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Type { get; set; }

    /// <summary>Name/value details such as <c>privateIPv4Address</c>.</summary>
    public List<EcsKeyValue>? Details { get; set; }
}
