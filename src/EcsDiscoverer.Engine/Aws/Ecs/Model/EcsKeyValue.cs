using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>An ECS <c>KeyValuePair</c> (environment variables, attachment details).</summary>
internal sealed class EcsKeyValue
{
    /// <summary>The name; may be missing in malformed responses.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Name { get; set; }

    /// <summary>The value; may be missing.</summary>
    public string? Value { get; set; }
}
