using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>The optional ListTasks filters besides <c>desiredStatus</c>.</summary>
internal sealed class TaskListFilter
{
    private readonly string? _family;
    private readonly string? _serviceName;
    private readonly string? _launchType;
    private readonly string? _containerInstance;
    private readonly string? _startedBy;

    public TaskListFilter(EcsRequest request)
    {
        _family = request.String("family");
        _serviceName = request.String("serviceName");
        _launchType = request.String("launchType");
        _containerInstance = request.String("containerInstance");
        _startedBy = request.String("startedBy");
    }

    /// <summary>True when the request gives none of these filters.</summary>
    public bool IsEmpty => _family is null && _serviceName is null && _launchType is null && _containerInstance is null && _startedBy is null;

    public bool Matches(JsonObject task) =>
        (_family is null || Family(task) == _family)
        && (_serviceName is null || JsonFields.AsString(task["group"]) == "service:" + _serviceName)
        && (_launchType is null || JsonFields.AsString(task["launchType"]) == _launchType)
        && (_containerInstance is null || IsOn(task, _containerInstance))
        && (_startedBy is null || JsonFields.AsString(task["startedBy"]) == _startedBy);

    private static string? Family(JsonObject task)
    {
        var reference = JsonFields.AsString(task["taskDefinitionArn"]) is { } arn ? EcsArns.After(arn, "task-definition/") : null;
        var colon = reference?.LastIndexOf(':') ?? -1;
        return colon > 0 ? reference![..colon] : reference;
    }

    private static bool IsOn(JsonObject task, string containerInstance) =>
        JsonFields.AsString(task["containerInstanceArn"]) is { } arn
        && (EcsArns.IsArn(containerInstance) ? arn == containerInstance : EcsArns.LastSegment(arn) == containerInstance);
}
