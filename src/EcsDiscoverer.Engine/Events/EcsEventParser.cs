using System;
using System.Globalization;
using System.Text.Json;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// Reads the body of one queue message: the EventBridge envelope of an ECS state change event (R18.1). A task event's
/// detail is read with the same model as a DescribeTasks answer, so an event and a description of the same task make
/// the same targets. Pure: a message in, an event or a reason out; never throws.
/// </summary>
internal static class EcsEventParser
{
    /// <summary>The <c>detail-type</c> of a task's event.</summary>
    public const string TaskStateChange = "ECS Task State Change";

    /// <summary>The <c>detail-type</c> of a container instance's event.</summary>
    public const string ContainerInstanceStateChange = "ECS Container Instance State Change";

    /// <summary>The <c>source</c> of ECS's events.</summary>
    public const string Source = "aws.ecs";

    /// <summary>Reads <paramref name="body"/>.</summary>
    public static EventReading Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return EventReading.Malformed("the message is empty");
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return EventReading.Malformed("the message is not JSON (" + ex.Message + ")");
        }
    }

    private static EventReading Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return EventReading.Malformed("the message is JSON but not an object");
        }

        var source = Text(root, "source");
        var detailType = Text(root, "detail-type");
        if (source is null && detailType is null)
        {
            // An SNS notification or a hand-made message: not an EventBridge event at all.
            return EventReading.Foreign("not an EventBridge event (no source or detail-type)");
        }

        if (!string.Equals(source, Source, StringComparison.Ordinal)
            || (!string.Equals(detailType, TaskStateChange, StringComparison.Ordinal) && !string.Equals(detailType, ContainerInstanceStateChange, StringComparison.Ordinal)))
        {
            return EventReading.Foreign($"an event of source '{source}' and detail-type '{detailType}', not an ECS task or container instance state change");
        }

        if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
        {
            return EventReading.Malformed($"an '{detailType}' event without a detail object");
        }

        if (!detail.TryGetProperty("version", out var versionElement) || !TryVersion(versionElement, out var version))
        {
            return EventReading.Malformed($"an '{detailType}' event without a numeric detail.version");
        }

        var clusterArn = Text(detail, "clusterArn");
        if (string.IsNullOrEmpty(clusterArn))
        {
            return EventReading.Malformed($"an '{detailType}' event without detail.clusterArn");
        }

        var account = Text(root, "account") ?? "";
        var region = Text(root, "region") ?? "";
        var changedAt = Time(Text(detail, "updatedAt")) ?? Time(Text(root, "time"));
        var id = Text(root, "id") ?? "";
        if (string.Equals(detailType, ContainerInstanceStateChange, StringComparison.Ordinal))
        {
            var instance = detail.Deserialize<EcsContainerInstance>(EcsWireFormat.Options);
            if (string.IsNullOrEmpty(instance?.ContainerInstanceArn))
            {
                return EventReading.Malformed("a container instance event without detail.containerInstanceArn");
            }

            return EventReading.Of(new EcsEvent { Id = id, Account = account, Region = region, ClusterArn = clusterArn!, ContainerInstance = instance, Version = version, ChangedAt = changedAt });
        }

        var task = detail.Deserialize<EcsTask>(EcsWireFormat.Options);
        if (string.IsNullOrEmpty(task?.TaskArn))
        {
            return EventReading.Malformed("a task event without detail.taskArn");
        }

        task!.ClusterArn ??= clusterArn;
        task.Version = version;

        // Events never carry tags: a task read from its event has none until it is described (R18.3).
        task.Tags = null;
        return EventReading.Of(new EcsEvent { Id = id, Account = account, Region = region, ClusterArn = clusterArn!, Task = task, Version = version, ChangedAt = changedAt });
    }

    private static bool TryVersion(JsonElement element, out long version)
    {
        version = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out version) && version >= 0,
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out version),
            _ => false,
        };
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
