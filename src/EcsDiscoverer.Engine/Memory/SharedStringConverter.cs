using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsDiscoverer.Engine.Memory;

/// <summary>
/// Reads a JSON string into the <see cref="StringPool.Shared"/> copy. Put on the model properties whose values repeat
/// across tasks (<c>[JsonConverter(typeof(SharedStringConverter))]</c>), so that cached tasks hold one copy of each.
/// </summary>
internal sealed class SharedStringConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        StringPool.Shared.Share(reader.GetString());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteStringValue(value);
    }
}
