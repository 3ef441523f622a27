namespace EcsDiscoverer.Emulator;

/// <summary>
/// One scripted fault: which requests it matches (<see cref="Operation"/>, optionally <see cref="Cluster"/> or
/// <see cref="InstanceId"/>, <see cref="Account"/> and <see cref="Region"/>), what it does to them (<see cref="Kind"/>), and for how many (<see cref="Times"/>,
/// or until cleared). Build one with the factory methods and narrow it with <c>with</c>, e.g.
/// <c>EmulatorFault.Throttling("ecs:ListTasks") with { Cluster = "c1", Times = 2 }</c>.
/// </summary>
public sealed record EmulatorFault
{
    /// <summary>
    /// The fields a <see cref="FaultKind.Sparse"/> response keeps by default: what identifies each object (ARNs,
    /// ids, names, family and revision) and the lists that carry them. The ECS API reference marks every member
    /// of Task, Container, TaskDefinition, ContainerInstance, Failure and the responses themselves
    /// <c>Required: No</c>, as EC2 does for Instance; without its ARN an object is no object, so those stay.
    /// </summary>
    public static readonly IReadOnlyList<string> IdentityFields =
    [
        "clusterArns", "taskArns", "nextToken", "tasks", "failures", "arn", "reason", "containerInstances",
        "taskDefinition", "containers", "taskArn", "clusterArn", "taskDefinitionArn", "containerInstanceArn",
        "containerArn", "name", "family", "revision",
        "requestId", "reservationSet", "item", "instancesSet", "instanceId",
    ];

    /// <summary><c>ecs:ListTasks</c>, <c>ec2:DescribeInstances</c>, <c>sts:AssumeRole</c>, <c>sqs:ReceiveMessage</c>, <c>ecs:*</c>, <c>ec2:*</c>, <c>sts:*</c>, <c>sqs:*</c> or <c>*</c> (every operation).</summary>
    public required string Operation { get; init; }

    /// <summary>Only requests for this cluster (name or ARN; ECS calls that name a cluster); null matches any request.</summary>
    public string? Cluster { get; init; }

    /// <summary>Only EC2 requests that ask for this instance (by <c>InstanceId.N</c> or an <c>instance-id</c> filter); null matches any.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Only requests in this account (the caller's: its access key's, or the role's for STS-issued credentials); null matches any.</summary>
    public string? Account { get; init; }

    /// <summary>Only requests signed for this region (the SigV4 credential scope's); null matches any.</summary>
    public string? Region { get; init; }

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; init; } = FaultKind.Error;

    /// <summary>How many matching requests it applies to; null keeps it until <see cref="EcsEmulatorServer.ClearFaults"/>.</summary>
    public int? Times { get; init; } = 1;

    /// <summary>For <see cref="FaultKind.Error"/>: the AWS error code, e.g. <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; init; } = "";

    /// <summary>For <see cref="FaultKind.Error"/>: the HTTP status, 400-599.</summary>
    public int StatusCode { get; init; } = 400;

    /// <summary>For <see cref="FaultKind.Error"/>: the error message; null for a default that names the fault.</summary>
    public string? Message { get; init; }

    /// <summary>For <see cref="FaultKind.Slow"/>: how long to wait before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For <see cref="FaultKind.TaskFailures"/>: task ids or ARNs to report as failures.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>For <see cref="FaultKind.TaskFailures"/>: the failure reason.</summary>
    public string Reason { get; init; } = "MISSING";

    /// <summary>For <see cref="FaultKind.Sparse"/>: the field names kept; every other field of every object is dropped.</summary>
    public IReadOnlyList<string> Keep { get; init; } = IdentityFields;

    /// <summary>An error response with any code and status.</summary>
    public static EmulatorFault Error(string operation, string errorCode, int statusCode = 400, string? message = null) =>
        new() { Operation = operation, Kind = FaultKind.Error, ErrorCode = errorCode, StatusCode = statusCode, Message = message };

    /// <summary>
    /// For <see cref="FaultKind.Error"/> on EC2 requests: the EC2 error as (code, HTTP status, message), when EC2
    /// spells the error differently from ECS; null serves <see cref="ErrorCode"/> to both services.
    /// </summary>
    public (string Code, int Status, string Message)? Ec2Error { get; init; }

    /// <summary>
    /// For <see cref="FaultKind.Error"/> on STS requests: the STS error as (code, HTTP status, message), when STS
    /// spells the error differently from ECS; null serves <see cref="ErrorCode"/> in STS's error XML.
    /// </summary>
    public (string Code, int Status, string Message)? StsError { get; init; }

    /// <summary>What AWS answers when its rate limit is hit: ECS HTTP 400 <c>ThrottlingException</c>, EC2 HTTP 503 <c>RequestLimitExceeded</c>.</summary>
    public static EmulatorFault Throttling(string operation) =>
        Error(operation, "ThrottlingException", 400, "Rate exceeded") with
        {
            Ec2Error = ("RequestLimitExceeded", 503, "Request limit exceeded."),
            StsError = ("Throttling", 400, "Rate exceeded"),
        };

    /// <summary>HTTP 500: ECS <c>ServerException</c>, EC2 <c>InternalError</c>.</summary>
    public static EmulatorFault ServerError(string operation) =>
        Error(operation, "ServerException", 500, "Service encountered an internal error.") with
        {
            Ec2Error = ("InternalError", 500, "An internal error has occurred."),
            StsError = ("InternalFailure", 500, "An internal error has occurred."),
        };

    /// <summary>HTTP 503: ECS <c>ServiceUnavailable</c>, EC2 <c>Unavailable</c>.</summary>
    public static EmulatorFault ServiceUnavailable(string operation) =>
        Error(operation, "ServiceUnavailable", 503, "The service is unavailable. Please try again later.") with { Ec2Error = ("Unavailable", 503, "The server is overloaded and can't handle the request.") };

    /// <summary>
    /// The caller lacks the IAM action: ECS HTTP 400 <c>AccessDeniedException</c>, EC2 HTTP 403
    /// <c>UnauthorizedOperation</c>, each with AWS's "is not authorized to perform: ACTION" (the action of the
    /// request when <paramref name="operation"/> is a wildcard).
    /// </summary>
    public static EmulatorFault AccessDenied(string operation) =>
        Error(operation, "AccessDeniedException", 400, DeniedMessage) with
        {
            Ec2Error = ("UnauthorizedOperation", 403, "You are not authorized to perform this operation. " + DeniedMessage),
            StsError = ("AccessDenied", 403, DeniedMessage),
        };

    /// <summary>ECS HTTP 400 <c>ClusterNotFoundException</c>; narrow it to one cluster with <see cref="Cluster"/>.</summary>
    public static EmulatorFault ClusterNotFound(string operation) =>
        Error(operation, "ClusterNotFoundException", 400, "Cluster not found.");

    /// <summary>Expired session credentials: ECS HTTP 400 <c>ExpiredTokenException</c>, EC2 HTTP 400 <c>RequestExpired</c>, STS HTTP 400 <c>ExpiredToken</c>.</summary>
    public static EmulatorFault ExpiredToken(string operation) =>
        Error(operation, "ExpiredTokenException", 400, ExpiredMessage) with
        {
            Ec2Error = ("RequestExpired", 400, "Request has expired."),
            StsError = ("ExpiredToken", 400, ExpiredMessage),
        };

    /// <summary>
    /// Credentials the service does not know, e.g. temporary keys sent without their session token: ECS HTTP 400
    /// <c>UnrecognizedClientException</c>, EC2 HTTP 401 <c>AuthFailure</c>, STS HTTP 403 <c>InvalidClientTokenId</c>.
    /// </summary>
    public static EmulatorFault InvalidToken(string operation) =>
        Error(operation, "UnrecognizedClientException", 400, InvalidTokenMessage) with
        {
            Ec2Error = ("AuthFailure", 401, "AWS was not able to validate the provided access credentials"),
            StsError = ("InvalidClientTokenId", 403, InvalidTokenMessage),
        };

    /// <summary>EC2 HTTP 400 <c>InvalidInstanceID.NotFound</c> for requests that ask for <paramref name="instanceId"/>, as EC2 answers <c>InstanceId.N</c> naming a gone instance.</summary>
    public static EmulatorFault InstanceNotFound(string instanceId) =>
        Error("ec2:DescribeInstances", "InvalidInstanceID.NotFound", 400, $"The instance ID '{instanceId}' does not exist") with { InstanceId = instanceId };

    /// <summary>Answers after <paramref name="delay"/>.</summary>
    public static EmulatorFault Slow(string operation, TimeSpan delay) => new() { Operation = operation, Kind = FaultKind.Slow, Delay = delay };

    /// <summary>Aborts the connection.</summary>
    public static EmulatorFault Reset(string operation) => new() { Operation = operation, Kind = FaultKind.Reset };

    /// <summary>The real response cut in half.</summary>
    public static EmulatorFault Truncated(string operation) => new() { Operation = operation, Kind = FaultKind.Truncated };

    /// <summary>HTTP 200 with garbage.</summary>
    public static EmulatorFault Malformed(string operation) => new() { Operation = operation, Kind = FaultKind.Malformed };

    /// <summary>DescribeTasks reports <paramref name="tasks"/> (ids or ARNs) as failures with reason MISSING instead of describing them.</summary>
    public static EmulatorFault TaskFailures(params string[] tasks) =>
        new() { Operation = "ecs:DescribeTasks", Kind = FaultKind.TaskFailures, Tasks = tasks };

    /// <summary>The real response with only <see cref="Keep"/> fields (by default <see cref="IdentityFields"/>).</summary>
    public static EmulatorFault Sparse(string operation) => new() { Operation = operation, Kind = FaultKind.Sparse };

    private const string ExpiredMessage = "The security token included in the request is expired";
    private const string InvalidTokenMessage = "The security token included in the request is invalid.";

    // {action} and {account} are filled in with the request's own action and account when the fault is served.
    private const string DeniedMessage =
        "User: arn:aws:sts::{account}:assumed-role/discoverer/i-0 is not authorized to perform: {action} because no identity-based policy allows the {action} action";

    /// <summary>The error response for a request of <paramref name="operation"/> (<c>ecs:ListTasks</c>, <c>ec2:DescribeInstances</c>) acting in <paramref name="account"/>.</summary>
    internal (string Code, int Status, string Message) ErrorFor(string operation, string account = AwsScope.DefaultAccount)
    {
        var (code, status, message) = (IsEc2(operation) ? Ec2Error : IsSts(operation) ? StsError : null)
            ?? (ErrorCode, StatusCode, Message ?? $"Injected by the EcsDiscoverer emulator ({ErrorCode}).");
        return (code, status, message.Replace("{action}", operation, StringComparison.Ordinal).Replace("{account}", account, StringComparison.Ordinal));
    }

    /// <summary>Whether the operation is an EC2 one (<c>ec2:...</c>).</summary>
    internal static bool IsEc2(string operation) => operation.StartsWith("ec2:", StringComparison.Ordinal);

    /// <summary>Whether the operation is an SQS one (<c>sqs:...</c>).</summary>
    internal static bool IsSqs(string operation) => operation.StartsWith("sqs:", StringComparison.Ordinal);

    /// <summary>Whether the operation is an STS one (<c>sts:...</c>).</summary>
    internal static bool IsSts(string operation) => operation.StartsWith("sts:", StringComparison.Ordinal);

    /// <summary>Throws when the fault cannot be served.</summary>
    /// <exception cref="ArgumentException">A field is out of range or missing for the kind.</exception>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Operation);
        if (Operation != "*" && !Operation.StartsWith("ecs:", StringComparison.Ordinal) && !IsEc2(Operation) && !IsSts(Operation) && !IsSqs(Operation))
        {
            throw new ArgumentException($"operation must be ecs:<Operation>, ec2:<Action>, sts:<Action>, sqs:<Operation>, ecs:*, ec2:*, sts:*, sqs:* or *; got \"{Operation}\".", nameof(Operation));
        }

        if (Account is not null && !AwsScope.IsAccount(Account))
        {
            throw new ArgumentException($"account must be a 12-digit account id; got \"{Account}\".", nameof(Account));
        }

        if (Region is not null && !AwsScope.IsRegion(Region))
        {
            throw new ArgumentException($"region must be a region name like us-east-1; got \"{Region}\".", nameof(Region));
        }

        if (Times is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Times), Times, "times must be at least 1 (or null: until cleared).");
        }

        switch (Kind)
        {
            case FaultKind.Error:
                ArgumentException.ThrowIfNullOrEmpty(ErrorCode);
                ArgumentOutOfRangeException.ThrowIfLessThan(StatusCode, 400);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(StatusCode, 599);
                break;
            case FaultKind.Slow:
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Delay, TimeSpan.Zero);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(Delay, TimeSpan.FromMinutes(10));
                break;
            case FaultKind.TaskFailures:
                if (Tasks.Count == 0 || Operation != "ecs:DescribeTasks")
                {
                    throw new ArgumentException("task failures need operation ecs:DescribeTasks and at least one task id or ARN.", nameof(Tasks));
                }

                ArgumentException.ThrowIfNullOrEmpty(Reason);
                break;
        }
    }
}
