using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// A real Prometheus (the Debian package's binary) on 127.0.0.1 and a free port, reading file_sd files
/// from a directory with one job per file (<see cref="PrometheusConfig"/>), with its own temporary storage,
/// its stderr kept in <see cref="Log"/>. Disposing kills the process by its id and waits for it to exit.
/// </summary>
/// <example>
/// <code>
/// await using var prometheus = await PrometheusServer.StartAsync(directory);
/// var targets = await prometheus.WaitForFilesAsync(TimeSpan.FromSeconds(30));
/// Assert.Empty(prometheus.Log.FileSdErrors);
/// </code>
/// </example>
/// <remarks>
/// Prometheus passes discovered targets on to its scrape manager on a 5 s tick, and the scrape manager reloads on
/// another, so a change of the files shows in <c>/api/v1/targets</c> after 5-10 s: poll with
/// <see cref="WaitForTargetsAsync"/>, never sleep.
/// To look at another set of files, start another server (it is ready in well under a second) or rewrite the files:
/// Prometheus 2.42 keeps a job's old targets when a reloaded configuration points the job at files that yield no
/// target groups, so a reload to another directory would show stale targets.
/// </remarks>
public sealed class PrometheusServer : IAsyncDisposable
{
    /// <summary>The metric file_sd increments for every file it cannot read or parse.</summary>
    public const string FileSdReadErrorsMetric = "prometheus_sd_file_read_errors_total";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Uri ClosedLoopbackPort = new("http://127.0.0.1:1");

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _workDirectory;
    private int _disposed;

    private PrometheusServer(Process process, HttpClient http, string workDirectory, PrometheusLog log, string targetsDirectory, IReadOnlyList<string> fileNames)
    {
        _process = process;
        _http = http;
        _workDirectory = workDirectory;
        Log = log;
        TargetsDirectory = targetsDirectory;
        FileNames = fileNames;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The process id; disposing kills this process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Everything Prometheus logged so far.</summary>
    public PrometheusLog Log { get; }

    /// <summary>The directory the jobs read.</summary>
    public string TargetsDirectory { get; }

    /// <summary>The files read, one job each.</summary>
    public IReadOnlyList<string> FileNames { get; }

    /// <summary>Starts Prometheus reading <paramref name="fileNames"/> (default: the five output files) in <paramref name="targetsDirectory"/>.</summary>
    /// <param name="targetsDirectory">The directory of the file_sd files; it may be empty or not exist yet.</param>
    /// <param name="fileNames">The files, one job each.</param>
    /// <param name="executable">The binary; found on PATH when null.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <exception cref="PrometheusNotInstalledException">There is no Prometheus to start.</exception>
    /// <exception cref="InvalidOperationException">It exited or did not become ready; the message holds its log.</exception>
    public static async Task<PrometheusServer> StartAsync(string targetsDirectory, IReadOnlyList<string>? fileNames = null, string? executable = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(targetsDirectory);
        var binary = executable ?? PrometheusExecutable.Find();
        if (!File.Exists(binary))
        {
            throw new PrometheusNotInstalledException(PrometheusExecutable.InstallHint + " Not found: " + binary);
        }

        var files = fileNames ?? PrometheusConfig.OutputFiles;
        var workDirectory = Path.Combine(Path.GetTempPath(), "ecsd-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(workDirectory, "prometheus.yml"), PrometheusConfig.Render(targetsDirectory, files, ClosedLoopbackPort), ct);

            // The port is free when we look and could be taken before Prometheus binds it: try again with another.
            for (var attempt = 1; ; attempt++)
            {
                var server = Launch(binary, workDirectory, FreeLoopbackPort(), targetsDirectory, files);
                try
                {
                    await server.WaitUntilReadyAsync(ct);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3 && server.Log.Lines.Any(l => l.Contains("address already in use", StringComparison.Ordinal)))
                {
                    await server.StopProcessAsync();
                }
                catch
                {
                    await server.StopProcessAsync();
                    throw;
                }
            }
        }
        catch
        {
            DeleteDirectory(workDirectory);
            throw;
        }
    }

    /// <summary>The active and dropped targets now.</summary>
    public async Task<PrometheusTargets> GetTargetsAsync(CancellationToken ct = default) =>
        PrometheusTargets.Parse(await _http.GetStringAsync(new Uri("api/v1/targets?state=any", UriKind.Relative), ct));

    /// <summary>The value of an unlabelled sample of Prometheus's own <c>/metrics</c>, or null when it has none.</summary>
    public async Task<double?> SelfMetricAsync(string name, CancellationToken ct = default) =>
        PrometheusMetricsText.Value(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), ct), name);

    /// <summary><see cref="FileSdReadErrorsMetric"/>: how many times file_sd failed to read or parse a file.</summary>
    /// <exception cref="InvalidOperationException">Prometheus does not export the metric.</exception>
    public async Task<double> FileSdReadErrorsAsync(CancellationToken ct = default) =>
        await SelfMetricAsync(FileSdReadErrorsMetric, ct) ?? throw new InvalidOperationException($"Prometheus's /metrics has no {FileSdReadErrorsMetric}.");

    /// <summary>Polls <c>/api/v1/targets</c> until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>; the message has the last targets and log.</exception>
    public async Task<PrometheusTargets> WaitForTargetsAsync(Func<PrometheusTargets, bool> condition, TimeSpan timeout, string what, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var targets = await GetTargetsAsync(ct);
            if (condition(targets))
            {
                return targets;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Prometheus did not show {what} within {timeout.TotalSeconds:0} s. Active targets:\n  " +
                    string.Join("\n  ", targets.Active.Select(t => t.Key)) + $"\nLog:\n{Log.Tail()}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>
    /// Waits until the active targets are exactly those the files in <see cref="TargetsDirectory"/> describe
    /// (<see cref="ExpectedTargets"/>), and returns them: the way to ask what Prometheus made of a directory of files.
    /// </summary>
    /// <exception cref="System.Text.Json.JsonException">A file is not JSON of file_sd's shape.</exception>
    /// <exception cref="InvalidOperationException">Prometheus logged a file_sd error meanwhile (e.g. an invalid label name): it will not get there.</exception>
    /// <exception cref="TimeoutException">Prometheus did not get there; the message has the difference and the log.</exception>
    public async Task<PrometheusTargets> WaitForFilesAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var expected = PrometheusTargets.KeysByPool(ExpectedTargets.FromDirectory(TargetsDirectory, FileNames));
        var errorsBefore = Log.FileSdErrors.Count;
        return await WaitForTargetsAsync(
            targets => Log.FileSdErrors.Count > errorsBefore
                ? throw new InvalidOperationException("Prometheus could not read the files:\n" + string.Join("\n", Log.FileSdErrors.Skip(errorsBefore)))
                : SamePools(targets.KeysByPool(), expected),
            timeout,
            $"the {expected.Values.Sum(v => v.Count)} target(s) of the files in {TargetsDirectory}",
            ct);
    }

    /// <summary>True when both hold the same keys for every pool (a pool with no targets equals an absent one).</summary>
    public static bool SamePools(IReadOnlyDictionary<string, IReadOnlyList<string>> actual, IReadOnlyDictionary<string, IReadOnlyList<string>> expected) =>
        actual.Keys.Union(expected.Keys).All(pool =>
            (actual.TryGetValue(pool, out var a) ? a : Array.Empty<string>())
                .SequenceEqual(expected.TryGetValue(pool, out var e) ? e : Array.Empty<string>(), StringComparer.Ordinal));

    /// <summary>Kills Prometheus by its process id, waits for it, and removes its storage and configuration.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopProcessAsync();
        DeleteDirectory(_workDirectory);
    }

    private static PrometheusServer Launch(string binary, string workDirectory, int port, string targetsDirectory, IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        start.ArgumentList.Add("--config.file=" + Path.Combine(workDirectory, "prometheus.yml"));
        start.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(workDirectory, "data"));
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        start.ArgumentList.Add("--log.level=info");
        start.ArgumentList.Add("--log.format=logfmt");

        var log = new PrometheusLog();
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new PrometheusNotInstalledException(PrometheusExecutable.InstallHint + $" Starting {binary} failed: {ex.Message}", ex);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        return new PrometheusServer(process, http, workDirectory, log, targetsDirectory, files);
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode} before it was ready. Its log:\n{Log.Tail(40)}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"Prometheus was not ready within {StartTimeout.TotalSeconds:0} s. Its log:\n{Log.Tail(40)}");
            }

            await Task.Delay(100, ct);
        }
    }

    private async Task StopProcessAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
