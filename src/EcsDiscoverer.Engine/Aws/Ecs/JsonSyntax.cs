using System.Text;
using System.Text.Json;

namespace EcsDiscoverer.Engine.Aws.Ecs;

/// <summary>
/// Tells a body that is not JSON at all (cut short, garbled: worth another attempt) from one that is JSON but does
/// not fit the API model (the same answer will come again: not worth one).
/// </summary>
internal static class JsonSyntax
{
    /// <summary>True when <paramref name="text"/> is one complete, well-formed JSON value.</summary>
    public static bool IsWellFormed(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0 && reader.CurrentDepth == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
