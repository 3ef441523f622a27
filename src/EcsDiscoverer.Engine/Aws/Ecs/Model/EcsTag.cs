using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>
/// An ECS resource tag, <c>{"key", "value"}</c> in lower case (R16). Keys and values are shared: a service gives all
/// its tasks the same tags, and a fleet repeats a few keys (team, env, ...) on every task.
/// </summary>
internal sealed class EcsTag
{
    /// <summary>The tag key; may be missing in malformed responses.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Key { get; set; }

    /// <summary>The value; optional in the ECS model.</summary>
    [JsonConverter(typeof(SharedStringConverter))]
    public string? Value { get; set; }
}
