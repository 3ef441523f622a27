using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>Typed, validated reads of an ECS JSON 1.1 request body, failing with the errors ECS gives.</summary>
internal sealed class EcsRequest
{
    /// <summary>The page size limit of ListClusters and ListTasks, and the batch limit of the Describe calls.</summary>
    public const int Limit = 100;

    /// <summary>
    /// The fewest ECS calls one listing round can make over clusters with these task counts: the ListClusters pages
    /// and a ListTasks page per <see cref="Limit"/> tasks of each cluster, one for an empty cluster (or no clusters).
    /// </summary>
    public static int ListingFloor(IReadOnlyCollection<int> tasksPerCluster) => Pages(tasksPerCluster.Count) + tasksPerCluster.Sum(Pages);

    private readonly JsonObject _body;

    private EcsRequest(JsonObject body) => _body = body;

    public static EcsRequest Parse(string text)
    {
        try
        {
            // Clients may send an empty body for a call without parameters.
            var node = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text);
            return new EcsRequest(node as JsonObject
                ?? throw new EcsApiException("SerializationException", "The request body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            throw new EcsApiException("SerializationException", $"Malformed request body: {ex.Message}");
        }
    }

    public string? String(string name) => _body[name] switch
    {
        null => null,
        var node => JsonFields.AsString(node) ?? throw TypeMismatch(name, "a string"),
    };

    public string Cluster => String("cluster") ?? "default";

    /// <summary><c>maxResults</c>, which ECS bounds to 1..100 for the list calls.</summary>
    public int MaxResults()
    {
        if (_body["maxResults"] is null)
        {
            return Limit;
        }

        if (!JsonFields.TryGetInteger(_body["maxResults"], out var value))
        {
            throw TypeMismatch("maxResults", "an integer");
        }

        return value is >= 1 and <= Limit
            ? (int)value
            : throw new EcsApiException("InvalidParameterException", $"maxResults must be between 1 and {Limit}; got {value}.");
    }

    /// <summary>A required list of names, ids or ARNs, at most <see cref="Limit"/> long.</summary>
    public List<string> Batch(string name)
    {
        var items = OptionalList(name) ?? throw new EcsApiException("InvalidParameterException", $"{name} can not be null.");
        if (items.Count == 0)
        {
            throw new EcsApiException("InvalidParameterException", $"{name} can not be empty.");
        }

        return items;
    }

    /// <summary>A list of strings, at most <see cref="Limit"/> long, or null when absent.</summary>
    public List<string>? OptionalList(string name)
    {
        switch (_body[name])
        {
            case null:
                return null;
            case JsonArray array:
                var items = array.Select(item => JsonFields.AsString(item) ?? throw TypeMismatch(name, "a list of strings")).ToList();
                return items.Count <= Limit
                    ? items
                    : throw new EcsApiException("InvalidParameterException", $"{name} can have at most {Limit} items; got {items.Count}.");
            default:
                throw TypeMismatch(name, "a list of strings");
        }
    }

    private static int Pages(int items) => Math.Max(1, (items + Limit - 1) / Limit);

    private static EcsApiException TypeMismatch(string name, string expected) =>
        new("SerializationException", $"Field {name} must be {expected}.");
}
