using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Both services share one URL, as with real local emulators: a request with <c>X-Amz-Target</c>
/// is ECS (JSON 1.1), anything else is read as an EC2 query-protocol form.
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
    private readonly EcsHandler _ecs;
    private readonly Ec2Handler _ec2;

    public AwsRequestRouter(EmulatorScenario scenario, CallCounter calls, FaultInjector faults, RequestThrottle throttle)
    {
        _calls = calls;
        _faults = faults;
        _throttle = throttle;
        _ecs = new EcsHandler(scenario);
        _ec2 = new Ec2Handler(scenario);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var authenticated = SigV4Header.IsPresent(context.Request);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var operation = "ecs:" + EcsHandler.OperationName(target);
            _calls.Increment(operation);
            if (IsThrottled("ecs", operation))
            {
                // What ECS answers when its token bucket is empty.
                await EcsHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "ThrottlingException", "Rate exceeded").ConfigureAwait(false);
                return;
            }

            if (_faults.TakeNext(operation) is { } fault)
            {
                await EcsHandler.WriteErrorAsync(context, fault.StatusCode, fault.ErrorCode, fault.Message).ConfigureAwait(false);
                return;
            }

            await _ecs.HandleAsync(context, target, authenticated).ConfigureAwait(false);
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
                await WriteEc2ThrottledAsync(context).ConfigureAwait(false);
                return;
            }

            await Ec2Handler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "MalformedQueryString", ex.Message).ConfigureAwait(false);
            return;
        }

        var action = form["Action"].ToString();
        var ec2Operation = "ec2:" + (action.Length > 0 ? action : "(no action)");
        _calls.Increment(ec2Operation);
        if (IsThrottled("ec2", ec2Operation))
        {
            await WriteEc2ThrottledAsync(context).ConfigureAwait(false);
            return;
        }

        if (_faults.TakeNext(ec2Operation) is { } ec2Fault)
        {
            await Ec2Handler.WriteErrorAsync(context, ec2Fault.StatusCode, ec2Fault.ErrorCode, ec2Fault.Message).ConfigureAwait(false);
            return;
        }

        await _ec2.HandleAsync(context, form, authenticated).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a token from the service's bucket before anything else is looked at, as AWS throttles
    /// ahead of processing; a throttled request is counted twice (arrived and throttled) and
    /// leaves queued faults for the next request.
    /// </summary>
    private bool IsThrottled(string service, string operation)
    {
        if (_throttle.TryAcquire(service))
        {
            return false;
        }

        _calls.Increment(ThrottledPrefix + operation);
        return true;
    }

    // What EC2 answers when its token bucket is empty: 503 with the query-protocol error XML.
    private static Task WriteEc2ThrottledAsync(HttpContext context) =>
        Ec2Handler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.");
}
