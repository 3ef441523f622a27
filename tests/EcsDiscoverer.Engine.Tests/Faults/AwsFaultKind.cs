using System;
using EcsDiscoverer.Emulator;

namespace EcsDiscoverer.Engine.Tests.Faults;

/// <summary>
/// One row kind of the fault matrix: how to script it, whether the client retries it, the error code the engine
/// reports for it (per service), and the words of advice the warning must carry.
/// </summary>
public sealed record AwsFaultKind(
    string Name,
    Func<string, EmulatorFault> Script,
    string OneOperation,
    bool Retried,
    string EcsCode,
    string Ec2Code,
    string Advice)
{
    public static readonly AwsFaultKind Throttling = new("throttling", EmulatorFault.Throttling, "ecs:DescribeTasks", true, "ThrottlingException", "RequestLimitExceeded", "AWS throttled the calls beyond the retries");
    public static readonly AwsFaultKind Http500 = new("HTTP 500", EmulatorFault.ServerError, "ecs:ListTasks", true, "ServerException", "InternalError", "AWS failed beyond the retries");
    public static readonly AwsFaultKind Http503 = new("HTTP 503", EmulatorFault.ServiceUnavailable, "ec2:DescribeInstances", true, "ServiceUnavailable", "Unavailable", "AWS failed beyond the retries");
    public static readonly AwsFaultKind Reset = new("connection reset", EmulatorFault.Reset, "ecs:DescribeContainerInstances", true, "NetworkError", "NetworkError", "Check the network path");
    public static readonly AwsFaultKind Slow = new("slow response", op => EmulatorFault.Slow(op, FaultScenario.SlowerThanTimeout), "ecs:DescribeTaskDefinition", true, "Timeout", "Timeout", "Check the network path");
    public static readonly AwsFaultKind Truncated = new("truncated JSON/XML", EmulatorFault.Truncated, "ecs:DescribeTasks", true, "MalformedResponse", "MalformedResponse", "cut short or garbled");
    public static readonly AwsFaultKind Malformed = new("malformed JSON/XML", EmulatorFault.Malformed, "ec2:DescribeInstances", true, "MalformedResponse", "MalformedResponse", "cut short or garbled");
    public static readonly AwsFaultKind AccessDenied = new("AccessDenied", EmulatorFault.AccessDenied, "ecs:ListTasks", false, "AccessDeniedException", "UnauthorizedOperation", "Allow the IAM action {op}");
    public static readonly AwsFaultKind ExpiredToken = new("expired token", EmulatorFault.ExpiredToken, "ec2:DescribeInstances", false, "ExpiredTokenException", "RequestExpired", "refresh them");
    public static readonly AwsFaultKind ClusterNotFound = new("ClusterNotFound", EmulatorFault.ClusterNotFound, "ecs:ListTasks", false, "ClusterNotFoundException", "ClusterNotFoundException", "Check the name");

    public static readonly AwsFaultKind[] All = [Throttling, Http500, Http503, Reset, Slow, Truncated, Malformed, AccessDenied, ExpiredToken, ClusterNotFound];

    /// <summary>The error code reported when <paramref name="operation"/> fails this way.</summary>
    public string CodeFor(string operation) => operation.StartsWith("ec2:", StringComparison.Ordinal) ? Ec2Code : EcsCode;

    public string AdviceFor(string operation) => Advice.Replace("{op}", operation, StringComparison.Ordinal);

    public override string ToString() => Name;
}

/// <summary>Where a fault applies.</summary>
public enum FaultScope
{
    /// <summary>One operation, every cluster.</summary>
    OneOperation,

    /// <summary>Every ECS operation of cluster c1.</summary>
    OneCluster,

    /// <summary>Every operation of both services.</summary>
    Everything,
}
