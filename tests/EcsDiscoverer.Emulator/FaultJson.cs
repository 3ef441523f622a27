using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The body of <c>POST /_emulator/faults</c>, e.g.
/// <c>{"kind":"throttling","operation":"ecs:ListTasks","cluster":"c1","times":3}</c> or
/// <c>{"kind":"access-denied","operation":"*","cluster":"c1","persistent":true}</c> or
/// <c>{"kind":"throttling","operation":"ecs:*","account":"222222222222","region":"eu-west-1","persistent":true}</c>; see the README's fault table.
/// </summary>
internal static class FaultJson
{
    /// <exception cref="FormatException">The body is not a fault.</exception>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public static EmulatorFault Parse(string json)
    {
        var body = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("Expected a JSON object.");
        var operation = ControlHttp.OptionalString(body, "operation");
        var kind = ControlHttp.OptionalString(body, "kind") ?? (body["errorCode"] is null ? null : "error")
            ?? throw new FormatException("\"kind\" is required (error, throttling, server-error, service-unavailable, access-denied, cluster-not-found, expired-token, instance-not-found, slow, reset, truncated, malformed, task-failures, sparse).");
        var fault = kind switch
        {
            "error" => EmulatorFault.Error(
                Required(operation),
                ControlHttp.RequiredString(body, "errorCode"),
                (int)Math.Clamp(Integer(body, "statusCode") ?? 400, 0, 1000),
                ControlHttp.OptionalString(body, "message")),
            "throttling" => EmulatorFault.Throttling(Required(operation)),
            "server-error" => EmulatorFault.ServerError(Required(operation)),
            "service-unavailable" => EmulatorFault.ServiceUnavailable(Required(operation)),
            "access-denied" => EmulatorFault.AccessDenied(Required(operation)),
            "cluster-not-found" => EmulatorFault.ClusterNotFound(Required(operation)),
            "expired-token" => EmulatorFault.ExpiredToken(Required(operation)),
            "instance-not-found" => EmulatorFault.InstanceNotFound(ControlHttp.RequiredString(body, "instanceId")),
            "slow" => EmulatorFault.Slow(Required(operation), TimeSpan.FromMilliseconds(Integer(body, "delayMs") ?? throw new FormatException("\"delayMs\" is required for slow."))),
            "reset" => EmulatorFault.Reset(Required(operation)),
            "truncated" => EmulatorFault.Truncated(Required(operation)),
            "malformed" => EmulatorFault.Malformed(Required(operation)),
            "task-failures" => EmulatorFault.TaskFailures(Strings(body, "tasks") ?? throw new FormatException("\"tasks\" is required for task-failures.")) with
            {
                Reason = ControlHttp.OptionalString(body, "reason") ?? "MISSING",
            },
            "sparse" => EmulatorFault.Sparse(Required(operation)) with { Keep = Strings(body, "keep") ?? EmulatorFault.IdentityFields },
            _ => throw new FormatException($"Unknown fault kind \"{kind}\"."),
        };

        if (body["persistent"] is { } persistent && persistent.GetValueKind() != System.Text.Json.JsonValueKind.False && persistent.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            throw new FormatException("\"persistent\" must be true or false.");
        }

        var isPersistent = body["persistent"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        if (isPersistent && body["times"] is not null)
        {
            throw new FormatException("Give either \"times\" or \"persistent\": true, not both.");
        }

        return fault with
        {
            Operation = operation ?? fault.Operation,
            Cluster = ControlHttp.OptionalString(body, "cluster"),
            Account = ControlHttp.OptionalString(body, "account"),
            Region = ControlHttp.OptionalString(body, "region"),
            InstanceId = ControlHttp.OptionalString(body, "instanceId") ?? fault.InstanceId,
            Times = isPersistent ? null : (int)Math.Clamp(Integer(body, "times") ?? 1, -1, 1_000_000),
        };
    }

    private static string Required(string? operation) =>
        operation ?? throw new FormatException("\"operation\" is required: ecs:<Operation>, ec2:<Action>, sts:<Action>, sqs:<Operation>, ecs:*, ec2:*, sts:*, sqs:* or *.");

    private static long? Integer(JsonObject body, string name) => body[name] switch
    {
        null => null,
        var node => JsonFields.TryGetInteger(node, out var value) ? value : throw new FormatException($"\"{name}\" must be an integer."),
    };

    private static string[]? Strings(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonArray array => array.Select(item => JsonFields.AsString(item) ?? throw new FormatException($"\"{name}\" must be a list of strings.")).ToArray(),
        _ => throw new FormatException($"\"{name}\" must be a list of strings."),
    };
}
