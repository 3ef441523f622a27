using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// A local ECS + EC2 + STS emulator: a TEST DOUBLE, not AWS. It serves the ECS JSON 1.1 read actions,
/// EC2 DescribeInstances and STS AssumeRole and GetCallerIdentity at one loopback URL, from an
/// <see cref="EmulatorScenario"/> of one or more accounts and regions, with ECS's real page and batch
/// limits. It requires a SigV4 <c>Authorization</c> header but does not verify the signature: the
/// header's access key picks the account and its credential scope the region.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await EcsEmulatorServer.StartAsync(EmulatorScenario.Load("demo.json"));
/// // point the client at emulator.Endpoint, with dummy credentials
/// </code>
/// </example>
public sealed class EcsEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CallCounter _calls;
    private readonly FaultInjector _faults;
    private readonly RequestThrottle _throttle;
    private readonly EmulatorLatency _latency;
    private readonly IssuedCredentials _issued;
    private readonly TaskChurn _churn;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private EcsEmulatorServer(
        WebApplication app,
        EmulatorScenario scenario,
        CallCounter calls,
        FaultInjector faults,
        RequestThrottle throttle,
        EmulatorLatency latency,
        IssuedCredentials issued,
        TaskChurn churn,
        CancellationTokenSource stopping,
        Uri endpoint)
    {
        _churn = churn;
        _stopping = stopping;
        _issued = issued;
        _app = app;
        Scenario = scenario;
        _calls = calls;
        _faults = faults;
        _throttle = throttle;
        _latency = latency;
        Endpoint = endpoint;
    }

    /// <summary>The base URL for ECS, EC2, STS and SQS alike, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The live state the server answers from; change it between rounds (thread-safe).</summary>
    public EmulatorScenario Scenario { get; }

    /// <summary>
    /// A snapshot of the requests seen per operation, keyed <c>ecs:&lt;Operation&gt;</c> or
    /// <c>ec2:&lt;Action&gt;</c>: every request that arrived, failed, refused and throttled ones
    /// included. The requests the rate limit refused are also counted under
    /// <c>throttled:ecs:&lt;Operation&gt;</c> (<c>throttled:ec2:&lt;Action&gt;</c>), so the requests
    /// served are the difference.
    /// </summary>
    /// <remarks>Summed over every account and region; <see cref="CallCountsFor"/> and <see cref="CallCountsByScope"/> tell them apart.</remarks>
    public IReadOnlyDictionary<string, int> CallCounts => _calls.Snapshot();

    /// <summary>The call counts of one account and region (keys as in <see cref="CallCounts"/>; STS calls count in the caller's).</summary>
    public IReadOnlyDictionary<string, int> CallCountsFor(string account, string region) =>
        _calls.Snapshot(scope => scope.Account == account && scope.Region == region);

    /// <summary>The call counts of every account and region that saw a request.</summary>
    public IReadOnlyDictionary<AwsScope, IReadOnlyDictionary<string, int>> CallCountsByScope => _calls.ByScope();

    /// <summary>
    /// The IAM actions the emulator serves, as <c>ecs:Operation</c> and <c>ec2:Action</c>: the product's
    /// least-privilege policy. Any other action is refused as AWS refuses an action the policy lacks.
    /// </summary>
    public static IReadOnlyList<string> AllowedActions => EcsOperations.AllowedActions;

    /// <summary>The per-service rate limit in force, or null while it is off (the default) or <see cref="AwsLimits"/> are on.</summary>
    public ThrottleSettings? Throttle => _throttle.Settings;

    /// <summary>Whether AWS's own buckets throttle (<see cref="SetAwsLimits"/>).</summary>
    public bool AwsLimits => _throttle.AwsLimits;

    /// <summary>The simulated latency every AWS request waits before it is handled; zero (the default) adds nothing.</summary>
    public TimeSpan Latency => _latency.Value;

    /// <summary>Starts the emulator on 127.0.0.1 only.</summary>
    /// <param name="scenario">The state to serve; the server keeps and shares this instance.</param>
    /// <param name="port">The TCP port, or 0 (the default) for a free one; see <see cref="Endpoint"/>.</param>
    /// <param name="clock">The clock of the rate limits and of the expiry of issued credentials; <see cref="TimeProvider.System"/> when null (tests pass a fake one).</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<EcsEmulatorServer> StartAsync(EmulatorScenario scenario, int port = 0, TimeProvider? clock = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        // The empty builder reads no configuration, environment or appsettings: a test run's
        // ASPNETCORE_* variables cannot move the emulator off loopback or make it log.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime>(new NoopHostLifetime());

        var app = builder.Build();
        var calls = new CallCounter();
        var faults = new FaultInjector();
        var throttle = new RequestThrottle(clock ?? TimeProvider.System);
        var latency = new EmulatorLatency();
        var issued = new IssuedCredentials(clock ?? TimeProvider.System);
        var stopping = new CancellationTokenSource();
        var churn = new TaskChurn();
        var router = new AwsRequestRouter(scenario, calls, faults, throttle, latency, issued, stopping.Token);
        app.MapPost("/", router.HandleAsync);

        // SQS clients may post to the queue URL itself; literal /_emulator/... routes take precedence over this one.
        app.MapPost("/{account}/{queue}", router.HandleAsync);
        EventEndpoints.Map(app, scenario, churn);
        ControlEndpoints.Map(app, scenario, calls, faults);
        ThrottleEndpoints.Map(app, throttle, scenario);
        LatencyEndpoints.Map(app, latency);
        ScenarioEndpoints.Map(app, scenario);
        StsEndpoints.Map(app, scenario, issued);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var endpoint = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        scenario.Queues.BaseUrl = endpoint.ToString();
        return new EcsEmulatorServer(app, scenario, calls, faults, throttle, latency, issued, churn, stopping, endpoint);
    }

    /// <summary>Zeroes <see cref="CallCounts"/>, of every account and region.</summary>
    public void ResetCallCounts() => _calls.Reset();

    /// <summary>
    /// Makes every credential the emulator's STS has issued so far expire now: requests signed with them get ECS's
    /// <c>ExpiredTokenException</c>, EC2's <c>RequestExpired</c> or STS's <c>ExpiredToken</c> until the client
    /// assumes the role again.
    /// </summary>
    /// <returns>How many credentials expired.</returns>
    public int ExpireCredentials() => _issued.ExpireAll();

    /// <summary>
    /// Makes the next <paramref name="times"/> requests of <paramref name="operation"/>
    /// (<c>ecs:ListTasks</c>, <c>ec2:DescribeInstances</c>, ...) fail with the given error, in the
    /// service's own error format, e.g. <c>InjectFault("ecs:ListTasks", "ThrottlingException", 2)</c>
    /// or <c>statusCode: 503</c> with <c>ServiceUnavailable</c>. The failed requests are counted.
    /// </summary>
    public void InjectFault(string operation, string errorCode, int times = 1, int statusCode = 400, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        if (times > 0)
        {
            _faults.Add(EmulatorFault.Error(operation, errorCode, statusCode, message) with { Times = times });
        }
    }

    /// <summary>
    /// Scripts a fault: by operation, optionally by cluster (ECS) or instance (EC2), for
    /// <see cref="EmulatorFault.Times"/> requests or until <see cref="ClearFaults"/>. A request meets the
    /// first fault that matches it, in the order they were added. Examples:
    /// <c>InjectFault(EmulatorFault.Throttling("ecs:ListTasks") with { Times = 3 })</c>,
    /// <c>InjectFault(EmulatorFault.AccessDenied("ecs:ListTasks") with { Cluster = "c1", Times = null })</c>,
    /// <c>InjectFault(EmulatorFault.Slow("*", TimeSpan.FromSeconds(2)))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The fault is incomplete or out of range.</exception>
    public void InjectFault(EmulatorFault fault) => _faults.Add(fault);

    /// <summary>Drops every fault not yet served.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Throttles like real AWS: each service (ECS, EC2) gets a token bucket of
    /// <paramref name="burst"/> tokens that refills at <paramref name="requestsPerSecond"/>
    /// (e.g. 20 and 50, roughly ECS's read limits). A request that finds its bucket empty gets
    /// ECS's HTTP 400 <c>ThrottlingException</c> "Rate exceeded", or EC2's HTTP 503
    /// <c>RequestLimitExceeded</c>. Calling it again starts with full buckets.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive, or the burst is below 1.</exception>
    public void SetThrottle(double requestsPerSecond, int burst) =>
        _throttle.Set(new ThrottleSettings(requestsPerSecond, burst));

    /// <summary>
    /// Throttles like AWS per account and region: a token bucket per group of actions, as ECS documents
    /// them (cluster reads 50 and 20/s, cluster resource reads such as ListTasks and DescribeTasks 100 and
    /// 20/s, task definition reads 50 and 20/s), EC2 DescribeInstances 50 and 10/s, any other operation a
    /// bucket of its own of 50 and 20/s (<see cref="AwsRateLimits"/>). Replaces <see cref="SetThrottle"/>;
    /// all buckets start full. Throttled requests are answered and counted as with <see cref="SetThrottle"/>.
    /// </summary>
    public void SetAwsLimits() => _throttle.SetAwsLimits();

    /// <summary>Turns throttling off (the default), per-service and AWS-shaped alike.</summary>
    public void ClearThrottle() => _throttle.Clear();

    /// <summary>
    /// Makes every AWS request (ECS and EC2) wait <paramref name="latency"/> before it is handled, as a
    /// network round trip would; <see cref="TimeSpan.Zero"/> turns it off. A client that gives up during
    /// the wait is not counted: its request never "arrived".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, or more than 60 s.</exception>
    public void SetLatency(TimeSpan latency) => _latency.Value = latency;

    /// <summary>
    /// Replaces RUNNING tasks in the background at <paramref name="perMinute"/> (spread evenly over the minute; 0
    /// stops), in the default scope or the account and region given: each step stops a task picked pseudo-randomly
    /// (fixed seed) and starts one of its task definition on its container instance (Fargate without one), with new
    /// ids, ports and addresses, emitting the STOPPED and RUNNING events. Replaces any churn running.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or above 6,000 per minute.</exception>
    /// <exception cref="ArgumentException">The account or region is malformed.</exception>
    public Task SetChurnAsync(int perMinute, string? account = null, string? region = null) =>
        _churn.SetAsync(Scenario.Scope(account ?? Scenario.Account, region ?? Scenario.Region), perMinute);

    /// <summary>How many tasks churn has replaced since the server started.</summary>
    public long ChurnReplaced => _churn.Replaced;

    /// <summary>Stops listening and releases the port; long polls in progress end empty, churn stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _churn.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
