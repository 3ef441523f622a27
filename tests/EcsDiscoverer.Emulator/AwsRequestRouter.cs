using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Both services share one URL, as with real local emulators: a request with <c>X-Amz-Target</c>
/// is ECS (JSON 1.1), anything else is read as an EC2 query-protocol form. Every request first waits
/// out the simulated latency (<see cref="EmulatorLatency"/>), is then counted, may be throttled, then
/// may meet a scripted fault (<see cref="FaultInjector"/>).
/// </summary>
internal sealed class AwsRequestRouter
{
    /// <summary>Prefixed to an operation's call-count key for the requests the rate limit refused.</summary>
    public const string ThrottledPrefix = "throttled:";

    // DescribeInstances with 1000 filter values must still parse.
    private static readonly FormOptions FormLimits = new() { ValueCountLimit = 10_000 };

    private readonly CallCounter _calls;
    private readonly FaultInjector _faults;
    private readonly RequestThrottle _throttle;
    private readonly EmulatorLatency _latency;
    private readonly EcsHandler _ecs;
    private readonly Ec2Handler _ec2;

    public AwsRequestRouter(EmulatorScenario scenario, CallCounter calls, FaultInjector faults, RequestThrottle throttle, EmulatorLatency latency)
    {
        _calls = calls;
        _faults = faults;
        _throttle = throttle;
        _latency = latency;
        _ecs = new EcsHandler(scenario);
        _ec2 = new Ec2Handler(scenario);
    }

    public async Task HandleAsync(HttpContext context)
    {
        // The network's share of the round trip, before anything else, so that throttling and
        // faults see the request when it "arrives".
        if (_latency.Value is { Ticks: > 0 } latency)
        {
            try
            {
                await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up while the request was still "on the wire": nothing arrived.
                return;
            }
        }

        var authenticated = SigV4Header.IsPresent(context.Request);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            await HandleEcsAsync(context, target, authenticated).ConfigureAwait(false);
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
            const string malformed = "ec2:(malformed)";
            _calls.Increment(malformed);
            if (IsThrottled("ec2", malformed))
            {
                await Ec2Throttled.WriteAsync(context).ConfigureAwait(false);
                return;
            }

            await Ec2Handler.ErrorReply(StatusCodes.Status400BadRequest, "MalformedQueryString", ex.Message).WriteAsync(context).ConfigureAwait(false);
            return;
        }

        var action = form["Action"].ToString();
        var operation = "ec2:" + (action.Length > 0 ? action : "(no action)");
        _calls.Increment(operation);
        if (IsThrottled("ec2", operation))
        {
            await Ec2Throttled.WriteAsync(context).ConfigureAwait(false);
            return;
        }

        var fault = _faults.Take(new FaultTarget(operation, null, Ec2Handler.InstanceIdsOf(form)));
        await ServeAsync(context, operation, fault, () => _ec2.Execute(form, authenticated)).ConfigureAwait(false);
    }

    // What ECS answers when its token bucket is empty.
    private static AwsReply EcsThrottled => EcsHandler.ErrorReply(StatusCodes.Status400BadRequest, "ThrottlingException", "Rate exceeded");

    // What EC2 answers when its token bucket is empty: 503 with the query-protocol error XML.
    private static AwsReply Ec2Throttled => Ec2Handler.ErrorReply(StatusCodes.Status503ServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.");

    private async Task HandleEcsAsync(HttpContext context, string target, bool authenticated)
    {
        var operation = "ecs:" + EcsHandler.OperationName(target);
        _calls.Increment(operation);
        if (IsThrottled("ecs", operation))
        {
            await EcsThrottled.WriteAsync(context).ConfigureAwait(false);
            return;
        }

        var body = await ControlHttp.ReadBodyAsync(context).ConfigureAwait(false);
        var fault = _faults.Take(new FaultTarget(operation, EcsHandler.ClusterOf(body), []));
        await ServeAsync(context, operation, fault, () => _ecs.Execute(context.Request, body, target, authenticated)).ConfigureAwait(false);
    }

    /// <summary>Answers the request as the fault says; without one, as the service would.</summary>
    private static async Task ServeAsync(HttpContext context, string operation, EmulatorFault? fault, Func<AwsReply> serve)
    {
        var isEc2 = EmulatorFault.IsEc2(operation);
        switch (fault?.Kind)
        {
            case null:
                await serve().WriteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.Error:
                var (code, status, message) = fault.ErrorFor(operation);
                var error = isEc2 ? Ec2Handler.ErrorReply(status, code, message) : EcsHandler.ErrorReply(status, code, message);
                await error.WriteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.Reset:
                context.Abort();
                return;
            case FaultKind.Malformed:
                await (isEc2 ? Ec2Handler.Garbage : EcsHandler.Garbage).WriteAsync(context).ConfigureAwait(false);
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

                await serve().WriteAsync(context).ConfigureAwait(false);
                return;
        }

        var reply = serve();
        if (reply.IsSuccess)
        {
            reply = reply with { Body = Transform(reply.Body, fault, isEc2) };
        }

        await reply.WriteAsync(context).ConfigureAwait(false);
    }

    private static string Transform(string body, EmulatorFault fault, bool isEc2) => fault.Kind switch
    {
        FaultKind.Truncated => body[..(body.Length / 2)],
        FaultKind.Sparse => isEc2 ? SparseResponse.Xml(body, fault.Keep) : SparseResponse.Json(body, fault.Keep),
        FaultKind.TaskFailures => TaskFailureResponse.Apply(body, fault.Tasks, fault.Reason),
        _ => body,
    };

    /// <summary>
    /// Takes a token from the operation's bucket (the service's, or its group's with AWS's limits)
    /// before anything else is looked at, as AWS throttles
    /// ahead of processing; a throttled request is counted twice (arrived and throttled) and
    /// leaves scripted faults for the next request.
    /// </summary>
    private bool IsThrottled(string service, string operation)
    {
        if (_throttle.TryAcquire(service, operation))
        {
            return false;
        }

        _calls.Increment(ThrottledPrefix + operation);
        return true;
    }
}
