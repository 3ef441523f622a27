using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>Typed reads of <see cref="JsonNode"/> fields that work whether a node was parsed or built in code.</summary>
internal static class JsonFields
{
    // Responses go to API clients, never into HTML: keep quotes and non-ASCII readable.
    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(WriteOptions);

    /// <summary>The string value, or null when the node is absent, JSON null, or not a string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>
    /// An integral JSON number. Goes through the text because a value built in code
    /// (<c>JsonValue.Create(3)</c>) does not convert between numeric types on its own.
    /// </summary>
    public static bool TryGetInteger(JsonNode? node, out long result)
    {
        result = 0;
        return node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>Any JSON number, read through its text for the same reason as <see cref="TryGetInteger"/>.</summary>
    public static bool TryGetNumber(JsonNode? node, out double result)
    {
        result = 0;
        return node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }
}
