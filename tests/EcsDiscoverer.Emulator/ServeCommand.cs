using System.Runtime.InteropServices;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The server mode: serves a scenario file (<c>--scenario</c>) or a generated one
/// (<c>--generate SPEC</c>) until SIGTERM, SIGINT or, with <c>--exit-on-stdin-eof</c>, the end of
/// stdin, optionally throttled (<c>--rate-limit R --burst B</c> per service, or <c>--aws-limits</c>)
/// and with a per-request latency (<c>--latency 20ms</c>), SQS queues that get the ECS task events
/// (<c>--event-queue NAME</c>) and background churn (<c>--churn-per-minute N</c>). Prints exactly one line on stdout once listening.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? scenarioPath = null;
        string? generateSpec = null;
        var port = 0;
        double? rate = null;
        int? burst = null;
        var awsLimits = false;
        var latency = TimeSpan.Zero;
        var exitOnStdinEof = false;
        var eventQueues = new List<string>();
        var churnPerMinute = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--scenario" when hasValue:
                    scenarioPath = args[++i];
                    break;
                case "--generate" when hasValue:
                    generateSpec = args[++i];
                    break;
                case "--port" when hasValue && CommandLine.TryParseInt(args[i + 1], out port) && port <= 65535:
                    i++;
                    break;
                case "--rate-limit" when hasValue && CommandLine.TryParseRate(args[i + 1], out var r):
                    rate = r;
                    i++;
                    break;
                case "--burst" when hasValue && CommandLine.TryParseInt(args[i + 1], out var b) && b >= 1:
                    burst = b;
                    i++;
                    break;
                case "--aws-limits":
                    awsLimits = true;
                    break;
                case "--latency" when hasValue && CommandLine.TryParseLatency(args[i + 1], out latency):
                    i++;
                    break;
                case "--event-queue" when hasValue:
                    eventQueues.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--churn-per-minute" when hasValue && CommandLine.TryParseInt(args[i + 1], out churnPerMinute) && churnPerMinute <= TaskChurn.MaxPerMinute:
                    i++;
                    break;
                case "--exit-on-stdin-eof":
                    exitOnStdinEof = true;
                    break;
                default:
                    return await CommandLine.FailAsync($"unexpected argument \"{args[i]}\"").ConfigureAwait(false);
            }
        }

        if ((scenarioPath is null) == (generateSpec is null))
        {
            return await CommandLine.FailAsync("give either --scenario PATH or --generate SPEC").ConfigureAwait(false);
        }

        if (burst is not null && rate is null)
        {
            return await CommandLine.FailAsync("--burst needs --rate-limit").ConfigureAwait(false);
        }

        if (awsLimits && rate is not null)
        {
            return await CommandLine.FailAsync("give either --rate-limit (a bucket per service) or --aws-limits (AWS's buckets per group of actions)").ConfigureAwait(false);
        }

        EmulatorScenario scenario;
        try
        {
            scenario = scenarioPath is not null
                ? EmulatorScenario.Load(scenarioPath)
                : ScenarioGenerator.Generate(ScenarioGeneratorOptions.Parse(generateSpec!)).ToScenario();

            // Each account and region of the scenario gets the queue: a fleet's discoverer polls one per account and region.
            foreach (var name in eventQueues)
            {
                foreach (var scope in scenario.Scopes)
                {
                    scenario.Scope(scope.Account, scope.Region).AddEventQueue(name);
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"cannot load scenario {scenarioPath ?? generateSpec}: {ex.Message}").ConfigureAwait(false);
            return CommandLine.BadArguments;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            // Cancel the default exit so the server is disposed and the port released cleanly.
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        await using var server = await EcsEmulatorServer.StartAsync(scenario, port).ConfigureAwait(false);
        if (rate is { } limit)
        {
            // Without --burst the bucket holds one second's worth of requests.
            server.SetThrottle(limit, burst ?? (int)Math.Clamp(Math.Ceiling(limit), 1, int.MaxValue));
        }
        else if (awsLimits)
        {
            server.SetAwsLimits();
        }

        server.SetLatency(latency);
        if (churnPerMinute > 0)
        {
            await server.SetChurnAsync(churnPerMinute).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"EcsDiscoverer emulator (test double) listening on {server.Endpoint}").ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);

        if (exitOnStdinEof)
        {
            // A parent that dies without signalling closes our stdin; that must not leave us running.
            _ = Task.Run(async () =>
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (await stdin.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                }

                stop.TrySetResult();
            });
        }

        await stop.Task.ConfigureAwait(false);
        return 0;
    }
}
