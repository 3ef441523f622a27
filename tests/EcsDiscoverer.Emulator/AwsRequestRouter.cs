using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// All four services share one URL, as with real local emulators: a request with <c>X-Amz-Target: AmazonSQS.*</c>
/// is SQS (JSON 1.0; also when posted to a queue's path <c>/ACCOUNT/NAME</c>), any other <c>X-Amz-Target</c>
/// is ECS (JSON 1.1); a form signed for service <c>sts</c> (or carrying STS's API version) is STS; any
/// other form is EC2 (both query protocol). Every request first waits out the simulated latency
/// (<see cref="EmulatorLatency"/>), is then counted in its caller's account and region (<see cref="Caller"/>),
/// may be throttled by that account and region's buckets, is refused if signed with expired or incomplete
/// STS credentials, then may meet a scripted fault (<see cref="FaultInjector"/>).
/// </summary>
internal sealed class AwsRequestRouter
{
    /// <summary>Prefixed to an operation's call-count key for the requests the rate limit refused.</summary>
    public const string ThrottledPrefix = "throttled:";

    // DescribeInstances with 1000 filter values must still parse.
    private static readonly FormOptions FormLimits = new() { ValueCountLimit = 10_000 };

    private readonly EmulatorScenario _scenario;
    private readonly CallCounter _calls;
    private readonly FaultInjector _faults;
    private readonly RequestThrottle _throttle;
    private readonly EmulatorLatency _latency;
    private readonly IssuedCredentials _issued;
    private readonly StsHandler _sts;
    private readonly SqsHandler _sqs;

    public AwsRequestRouter(
        EmulatorScenario scenario, CallCounter calls, FaultInjector faults, RequestThrottle throttle, EmulatorLatency latency, IssuedCredentials issued, CancellationToken stopping)
    {
        _scenario = scenario;
        _calls = calls;
        _faults = faults;
        _throttle = throttle;
        _latency = latency;
        _issued = issued;
        _sts = new StsHandler(issued);
        _sqs = new SqsHandler(scenario.Queues, stopping);
    }

    public async Task HandleAsync(HttpContext context)
    {
        // The network's share of the round trip, before anything else, so that throttling and
        // faults see the request when it "arrives".
        if (_latency.Value is { Ticks: > 0 } latency)
        {
            try
            {
                await EmulatorLatency.WaitAsync(latency, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up while the request was still "on the wire": nothing arrived.
                return;
            }
        }

        // Only a queue's path, /ACCOUNT/NAME, shares the root's handling; any other two-segment path is no AWS URL.
        if (context.Request.RouteValues["account"] is string pathAccount && !AwsScope.IsAccount(pathAccount))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var caller = Caller.Of(context.Request, _scenario, _issued);
        var view = _scenario.In(caller.Scope);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.StartsWith(SqsHandler.TargetPrefix, StringComparison.Ordinal))
        {
            var sqsBody = await ControlHttp.ReadBodyAsync(context).ConfigureAwait(false);
            var operation = SqsHandler.OperationName(target);
            (string, string)? pathQueue = context.Request.RouteValues["account"] is string account && context.Request.RouteValues["queue"] is string queue
                ? (account, queue)
                : null;
            await DispatchAsync(
                context,
                caller,
                new FaultTarget("sqs:" + operation, null, [], caller.Scope),
                () => _sqs.ExecuteAsync(caller, operation, sqsBody, pathQueue, context.RequestAborted)).ConfigureAwait(false);
            return;
        }

        if (target.Length > 0)
        {
            // The body names the cluster a fault may be narrowed to; read it once for both.
            var body = await ControlHttp.ReadBodyAsync(context).ConfigureAwait(false);
            await DispatchAsync(
                context,
                caller,
                new FaultTarget("ecs:" + EcsHandler.OperationName(target), EcsHandler.ClusterOf(body), [], caller.Scope),
                () => EcsHandler.Execute(view, context.Request, body, target, caller.Authenticated)).ConfigureAwait(false);
            return;
        }

        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType
                ? await context.Request.ReadFormAsync(FormLimits, context.RequestAborted).ConfigureAwait(false)
                : FormCollection.Empty;
        }
        catch (InvalidDataException ex)
        {
            await DispatchAsync(
                context,
                caller,
                new FaultTarget("ec2:(malformed)", null, [], caller.Scope),
                () => Ec2Handler.ErrorReply(StatusCodes.Status400BadRequest, "MalformedQueryString", ex.Message)).ConfigureAwait(false);
            return;
        }

        var action = form["Action"].ToString() is { Length: > 0 } named ? named : "(no action)";
        if (caller.Credential?.Service == "sts" || form["Version"] == StsHandler.ApiVersion)
        {
            await DispatchAsync(context, caller, new FaultTarget("sts:" + action, null, [], caller.Scope), () => _sts.Execute(form, caller, _scenario)).ConfigureAwait(false);
            return;
        }

        await DispatchAsync(
            context,
            caller,
            new FaultTarget("ec2:" + action, null, Ec2Handler.InstanceIdsOf(form), caller.Scope),
            () => Ec2Handler.Execute(view, form, caller.Authenticated)).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts the request, then answers it: throttled if its bucket is empty (AWS throttles ahead of processing,
    /// so a throttled request is counted twice, arrived and throttled, and leaves scripted faults for the next
    /// request); refused if its STS credentials are no longer good; else as a scripted fault or the service says.
    /// </summary>
    private Task DispatchAsync(HttpContext context, Caller caller, FaultTarget request, Func<AwsReply> serve) =>
        DispatchAsync(context, caller, request, () => Task.FromResult(serve()));

    /// <inheritdoc cref="DispatchAsync(HttpContext, Caller, FaultTarget, Func{AwsReply})"/>
    private Task DispatchAsync(HttpContext context, Caller caller, FaultTarget request, Func<Task<AwsReply>> serve)
    {
        var operation = request.Operation;
        _calls.Increment(caller.Scope, operation);
        if (!_throttle.TryAcquire(caller.Scope, operation[..3], operation))
        {
            _calls.Increment(caller.Scope, ThrottledPrefix + operation);
            return ServeAsync(context, caller, operation, EmulatorFault.Throttling(operation), serve);
        }

        return ServeAsync(context, caller, operation, caller.CredentialFault(operation, _issued) ?? _faults.Take(request), serve);
    }

    /// <summary>Answers the request as the fault says; without one, as the service would.</summary>
    private static async Task ServeAsync(HttpContext context, Caller caller, string operation, EmulatorFault? fault, Func<Task<AwsReply>> serve)
    {
        switch (fault?.Kind)
        {
            case null:
                await (await serve().ConfigureAwait(false)).WriteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.Error:
                var (code, status, message) = fault.ErrorFor(operation, caller.Scope.Account);
                await ErrorReply(operation, status, code, message).WriteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.Reset:
                context.Abort();
                return;
            case FaultKind.Malformed:
                await (EmulatorFault.IsEc2(operation) ? Ec2Handler.Garbage : EmulatorFault.IsSts(operation) ? StsHandler.Garbage : EcsHandler.Garbage)
                    .WriteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.Slow:
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up (its per-attempt timeout): nobody is left to answer.
                    return;
                }

                await (await serve().ConfigureAwait(false)).WriteAsync(context).ConfigureAwait(false);
                return;
        }

        var reply = await serve().ConfigureAwait(false);
        if (reply.IsSuccess)
        {
            reply = reply with { Body = Transform(reply.Body, fault, IsXml(operation)) };
        }

        await reply.WriteAsync(context).ConfigureAwait(false);
    }

    /// <summary>An error in the format of the operation's service: ECS or SQS JSON, EC2 or STS XML.</summary>
    private static AwsReply ErrorReply(string operation, int status, string code, string message) =>
        EmulatorFault.IsSqs(operation) ? SqsHandler.FaultReply(status, code, message)
        : EmulatorFault.IsEc2(operation) ? Ec2Handler.ErrorReply(status, code, message)
        : EmulatorFault.IsSts(operation) ? StsHandler.ErrorReply(status, code, message)
        : EcsHandler.ErrorReply(status, code, message);

    private static bool IsXml(string operation) => EmulatorFault.IsEc2(operation) || EmulatorFault.IsSts(operation);

    private static string Transform(string body, EmulatorFault fault, bool isXml) => fault.Kind switch
    {
        FaultKind.Truncated => body[..(body.Length / 2)],
        FaultKind.Sparse => isXml ? SparseResponse.Xml(body, fault.Keep) : SparseResponse.Json(body, fault.Keep),
        FaultKind.TaskFailures => TaskFailureResponse.Apply(body, fault.Tasks, fault.Reason),
        _ => body,
    };
}
