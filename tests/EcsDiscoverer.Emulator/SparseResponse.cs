using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// A response with every field absent that a fault does not keep, at every depth: what a client must survive
/// when AWS leaves out the optional members (in ECS's reference, all of them).
/// </summary>
internal static class SparseResponse
{
    /// <summary>An ECS JSON body with only the <paramref name="keep"/> fields of every object.</summary>
    public static string Json(string body, IReadOnlyCollection<string> keep)
    {
        var root = JsonNode.Parse(body) ?? new JsonObject();
        Strip(root, new HashSet<string>(keep, StringComparer.Ordinal));
        return JsonFields.Serialize(root);
    }

    /// <summary>An EC2 XML body whose root keeps only the <paramref name="keep"/> elements, at every depth.</summary>
    public static string Xml(string body, IReadOnlyCollection<string> keep)
    {
        var document = XDocument.Parse(body);
        var names = new HashSet<string>(keep, StringComparer.Ordinal);
        if (document.Root is { } root)
        {
            Strip(root, names);
        }

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.Root;
    }

    private static void Strip(JsonNode? node, HashSet<string> keep)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(name => !keep.Contains(name)).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, value) in obj)
                {
                    Strip(value, keep);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item, keep);
                }

                break;
        }
    }

    private static void Strip(XElement element, HashSet<string> keep)
    {
        element.Elements().Where(e => !keep.Contains(e.Name.LocalName)).Remove();
        foreach (var child in element.Elements())
        {
            Strip(child, keep);
        }
    }
}
