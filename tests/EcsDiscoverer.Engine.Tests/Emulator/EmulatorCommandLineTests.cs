using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>The emulator as a program, the way a benchmark or Pester starts it.</summary>
public class EmulatorCommandLineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // --exit-on-stdin-eof: closing stdin stops the emulator, with exit code 0.
    private static async Task StopByStdinAsync(Process process)
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
    }

    private static void KillIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
    }

    private static ProcessStartInfo StartInfo(string[] args)
    {
        // dotnet test tells its children which host it runs on; the dll sits next to this assembly.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EcsDiscoverer.Emulator.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            KillIfRunning(process);
        }

        return (process.ExitCode, await output, await error);
    }

    [Fact(DisplayName = "CLI generate: writes the generator's JSON and prints a one-line summary")]
    public async Task Generate()
    {
        using var directory = new TempDirectory();
        var file = directory.File("scenario.json");
        var (exit, output, error) = await RunAsync(
            "generate", "--clusters", "3", "--tasks", "1000", "--families", "20", "--instances", "30", "--fargate-percent", "20", "--output", file);

        Assert.True(exit == 0, error);
        Assert.Equal(
            $"wrote {file}: 1000 tasks (800 bridge, 0 host, 200 fargate) in 3 clusters (334/333/333), 20 task definitions, 90 EC2 instances{Environment.NewLine}",
            output);
        var expected = ScenarioGenerator.Generate(new ScenarioGeneratorOptions { Clusters = 3, Tasks = 1000, Families = 20, Instances = 30, FargatePercent = 20 });
        Assert.Equal(expected.Json + "\n", await File.ReadAllTextAsync(file));
    }

    [Theory(DisplayName = "CLI: bad arguments exit with code 2 and the usage")]
    [InlineData("generate", "--tasks", "5")]
    [InlineData("generate", "--tasks", "five", "--output", "-")]
    [InlineData("generate", "--tasks", "5", "--colour", "red", "--output", "-")]
    [InlineData("--generate", "tasks=5", "--scenario", "x.json")]
    [InlineData("--generate", "tasks=5", "--burst", "5")]
    [InlineData("--generate", "tasks=5", "--rate-limit", "0")]
    [InlineData("--generate", "tasks=5,families=0")]
    [InlineData("--port", "0")]
    [InlineData("--generate", "tasks=5", "--latency", "fast")]
    [InlineData("--generate", "tasks=5", "--latency", "-5ms")]
    [InlineData("--generate", "tasks=5", "--latency", "61s")]
    [InlineData("--generate", "tasks=5", "--rate-limit", "20", "--aws-limits")]
    public async Task BadArguments(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.NotEmpty(error);
    }

    [Fact(DisplayName = "CLI serve: --latency 50ms and --aws-limits are in force from the start, as the control endpoints show")]
    public async Task ServeWithLatencyAndAwsLimits()
    {
        using var process = Process.Start(StartInfo(["--generate", "clusters=1,tasks=10", "--latency", "50ms", "--aws-limits", "--exit-on-stdin-eof"]))!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
            var match = Regex.Match(line ?? "", "listening on (http://127\\.0\\.0\\.1:[0-9]+/)$");
            Assert.True(match.Success, line);
            using var client = new EmulatorClient(new Uri(match.Groups[1].Value));

            var (_, latency) = await client.ControlAsync(HttpMethod.Get, "/_emulator/latency");
            Assert.Equal(50, latency!["milliseconds"]!.GetValue<double>());
            var (_, throttle) = await client.ControlAsync(HttpMethod.Get, "/_emulator/throttle");
            Assert.Equal("aws-limits", throttle!["mode"]!.GetValue<string>());

            var watch = Stopwatch.StartNew();
            await client.EcsOkAsync("ListClusters");
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(50), $"took {watch.Elapsed}");

            await StopByStdinAsync(process);
        }
        finally
        {
            KillIfRunning(process);
        }
    }

    [Fact(DisplayName = "CLI serve: --event-queue and --churn-per-minute serve a generated scenario with an ECS event queue and churn running")]
    public async Task ServeWithEventQueueAndChurn()
    {
        using var process = Process.Start(StartInfo(["--generate", "clusters=1,tasks=20,instances=2", "--event-queue", "ecs-events,second", "--churn-per-minute", "1200", "--exit-on-stdin-eof"]))!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
            var match = Regex.Match(line ?? "", "listening on (http://127\\.0\\.0\\.1:[0-9]+/)$");
            Assert.True(match.Success, line);
            using var client = new EmulatorClient(new Uri(match.Groups[1].Value));

            var (_, queues) = await client.ControlAsync(HttpMethod.Get, "/_emulator/queues");
            Assert.Equal(2, queues!.AsArray().Count);
            Assert.All(queues.AsArray(), q => Assert.True(q!["ecsEvents"]!.GetValue<bool>()));
            var url = (await client.SqsOkAsync("GetQueueUrl", """{"QueueName":"ecs-events"}"""))["QueueUrl"]!.GetValue<string>();
            Assert.EndsWith("/123456789012/ecs-events", url, StringComparison.Ordinal);

            // 1200 a minute: one replacement, two events, every 50 ms; a long poll gets one soon.
            var received = await client.SqsOkAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","WaitTimeSeconds":5}""");
            Assert.NotNull(received["Messages"]);
            var (_, churn) = await client.ControlAsync(HttpMethod.Get, "/_emulator/churn");
            Assert.Equal(1200, churn!["perMinute"]!.GetValue<int>());

            await StopByStdinAsync(process);
        }
        finally
        {
            KillIfRunning(process);
        }
    }

    [Fact(DisplayName = "CLI serve: --generate and --rate-limit/--burst start a throttled emulator in one command; stdin EOF stops it")]
    public async Task ServeGeneratedAndThrottled()
    {
        using var process = Process.Start(StartInfo(["--generate", "clusters=2,tasks=250,families=3,instances=4", "--rate-limit", "0.001", "--burst", "3", "--exit-on-stdin-eof"]))!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
            var match = Regex.Match(line ?? "", "^EcsDiscoverer emulator \\(test double\\) listening on (http://127\\.0\\.0\\.1:[0-9]+/)$");
            Assert.True(match.Success, line);
            using var client = new EmulatorClient(new Uri(match.Groups[1].Value));

            var (_, throttle) = await client.ControlAsync(HttpMethod.Get, "/_emulator/throttle");
            Assert.True(throttle!["enabled"]!.GetValue<bool>());
            Assert.Equal(3, throttle["burst"]!.GetValue<int>());

            var (arns, pages) = await client.ListAllTasksAsync("c1");
            Assert.Equal(125, arns.Count);
            Assert.Equal(2, pages);
            await client.EcsOkAsync("ListClusters");
            using var throttled = await client.EcsAsync("ListClusters");
            Assert.Equal(HttpStatusCode.BadRequest, throttled.StatusCode);
            Assert.Contains("ThrottlingException", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            await StopByStdinAsync(process);
        }
        finally
        {
            KillIfRunning(process);
        }
    }
}
