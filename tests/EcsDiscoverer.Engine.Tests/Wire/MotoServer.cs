using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>
/// A moto server (the third-party AWS emulator) of its own on a free loopback port, seeded through its real APIs by a
/// Python script (boto3) of the Wire folder. After seeding, moto's IAM checks are switched on, so from then on every
/// request must carry a valid SigV4 signature of a known access key whose policy allows the action. Each fixture has
/// its own process, so that one suite's seed and IAM changes never meet another's.
/// </summary>
public abstract class MotoServer : IAsyncLifetime, IDisposable
{
    /// <summary>What to install when moto cannot be started.</summary>
    public const string InstallHint =
        "The moto wire tests need Python 3 ('python3' on PATH) with moto 5.x (server extras) and boto3: "
        + "pip install 'moto[server]==5.2.1' boto3";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions SeedJson = new() { PropertyNameCaseInsensitive = true };

    private readonly StringBuilder _serverLog = new();
    private Process? _server;
    private bool _disposed;

    /// <summary>The moto URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    /// <summary>The seeding script, a file of the Wire folder: run as <c>python3 SCRIPT URL</c>, it prints JSON on stdout.</summary>
    protected abstract string SeedScriptName { get; }

    /// <summary>What moto printed so far (for failure messages).</summary>
    public string ServerLog
    {
        get
        {
            lock (_serverLog)
            {
                return _serverLog.ToString();
            }
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var moduleCheck = await RunPythonAsync(
            new[] { "-c", "import moto, boto3, flask, werkzeug; print(moto.__version__)" }, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (moduleCheck.ExitCode != 0)
        {
            throw new InvalidOperationException($"{InstallHint}. Importing moto/boto3 failed:{Environment.NewLine}{moduleCheck.StdErr}");
        }

        var port = FreeLoopbackPort();
        Url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        _server = StartServer(port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await WaitUntilAnsweringAsync(http).ConfigureAwait(false);
        await KeepTasksRunningAsync(http).ConfigureAwait(false);

        var seeding = await RunSeedScriptAsync().ConfigureAwait(false);
        ReadSeed(seeding);
        await EnableIamChecksAsync(http).ConfigureAwait(false);
    }

    /// <summary>Runs the seeding script with <paramref name="arguments"/> after the URL; returns its stdout, throws when it fails.</summary>
    protected Task<string> RunSeedScriptAsync(params string[] arguments) => RunScriptAsync(SeedScriptName, arguments);

    /// <summary>
    /// Runs a Python script of the Wire folder as <c>python3 SCRIPT URL ARGUMENTS...</c>; returns its stdout, throws
    /// (with its stderr and moto's log) when it fails.
    /// </summary>
    protected async Task<string> RunScriptAsync(string scriptName, params string[] arguments)
    {
        var script = SeedScriptPath(scriptName);
        var seeding = await RunPythonAsync(new[] { script, Url }.Concat(arguments), SeedTimeout).ConfigureAwait(false);
        if (seeding.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"python3 {script} {string.Join(' ', arguments)} failed (exit code {seeding.ExitCode}):{Environment.NewLine}{seeding.StdErr}{Environment.NewLine}moto log:{Environment.NewLine}{ServerLog}");
        }

        return seeding.StdOut;
    }

    /// <summary>Reads what the seeding script printed.</summary>
    protected abstract void ReadSeed(string json);

    /// <summary>Reads JSON printed by a seeding script.</summary>
    protected static T ParseSeed<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, SeedJson) ?? throw new InvalidOperationException($"The seeding script printed no JSON: '{json}'");

    /// <summary>The path of a file of the Wire folder in the source tree: the seed scripts are read from there, not copied to the output.</summary>
    public static string SeedScriptPath(string name) => Path.Combine(FindTestProjectDirectory(), "Wire", name);

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Kills the moto server (by its process id, with its children).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Kills the moto server (by its process id, with its children).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        if (_server is not null)
        {
            try
            {
                if (!_server.HasExited)
                {
                    _server.Kill(entireProcessTree: true);
                    _server.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            _server.Dispose();
            _server = null;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private Process StartServer(int port)
    {
        var start = PythonStartInfo(new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) });
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"{InstallHint}. Starting python3 failed: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilAnsweringAsync(HttpClient http)
    {
        var probe = new Uri(Url + "/moto-api/state-manager/get-transition?model_name=ecs::task");
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException(
                    $"moto exited with code {_server.ExitCode} before answering on {Url}. {InstallHint}.{Environment.NewLine}moto log:{Environment.NewLine}{ServerLog}");
            }

            try
            {
                using var response = await http.GetAsync(probe).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer.
            }

            if (watch.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(
                    $"moto did not answer HTTP on {Url} within {StartTimeout.TotalSeconds:0} s.{Environment.NewLine}moto log:{Environment.NewLine}{ServerLog}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// moto registers no default transition for <c>ecs::task</c>, so its global default ("immediate") would report
    /// every task as STOPPED. "manual" with a huge count keeps tasks RUNNING however often they are described.
    /// </summary>
    private async Task KeepTasksRunningAsync(HttpClient http)
    {
        const string body = """{"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}""";
        using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
        using (var response = await http.PostAsync(new Uri(Url + "/moto-api/state-manager/set-transition"), content).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"moto refused set-transition: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
            }
        }

        var current = await http.GetStringAsync(new Uri(Url + "/moto-api/state-manager/get-transition?model_name=ecs::task")).ConfigureAwait(false);
        using var document = JsonDocument.Parse(current);
        if (!document.RootElement.TryGetProperty("progression", out var progression) || progression.GetString() != "manual")
        {
            throw new InvalidOperationException($"moto did not keep the ecs::task transition: get-transition answered {current}");
        }
    }

    /// <summary>From now on moto verifies each request's signature against its IAM users and their policies.</summary>
    private async Task EnableIamChecksAsync(HttpClient http)
    {
        // text/plain: moto reads the raw body, which Flask empties for form content types.
        using var content = new StringContent("0", Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync(new Uri(Url + "/moto-api/reset-auth"), content).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || !text.Contains("\"ok\""))
        {
            throw new InvalidOperationException($"moto refused reset-auth: {(int)response.StatusCode} {text}");
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_serverLog)
        {
            // Enough to diagnose a failed start; moto logs one line per request after that.
            if (_serverLog.Length < 200_000)
            {
                _serverLog.AppendLine(line);
            }
        }
    }

    private static ProcessStartInfo PythonStartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONUNBUFFERED"] = "1";
        return start;
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunPythonAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = PythonStartInfo(arguments) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{InstallHint}. Starting python3 failed: {ex.Message}", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"python3 {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>The test project's source folder: the seed scripts are read from there, not copied to the output.</summary>
    private static string FindTestProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "EcsDiscoverer.Engine.Tests");
            if (File.Exists(Path.Combine(candidate, "Wire", "seed_moto.py")))
            {
                return candidate;
            }

            // The output folder may also sit inside the project folder itself (bin/Release/net10.0).
            if (File.Exists(Path.Combine(directory.FullName, "Wire", "seed_moto.py")) && directory.Name == "EcsDiscoverer.Engine.Tests")
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Wire/seed_moto.py was not found above {AppContext.BaseDirectory}: the wire tests read their seed scripts from the source tree (tests/EcsDiscoverer.Engine.Tests/Wire).");
    }
}
