using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// The Prometheus harness itself: it must see a broken file when there is one, or the other Prometheus tests
/// could pass without looking, and it must say how to install Prometheus where it is missing.
/// </summary>
public class PrometheusHarnessTests : IClassFixture<PrometheusFixture>
{
    private const string OneTarget =
        "[{\"targets\":[\"10.9.0.1:9100\"],\"labels\":{\"job\":\"probe\",\"__metrics_path__\":\"/probe\",\"team\":\"a\",\"empty\":\"\"}}]\n";

    private readonly PrometheusFixture _prometheus;

    public PrometheusHarnessTests(PrometheusFixture prometheus) => _prometheus = prometheus;

    [Fact(DisplayName = "Prometheus harness: a half-written file (what a non-atomic writer exposes) shows as a file_sd read error, in the log and in prometheus_sd_file_read_errors_total")]
    public async Task TruncatedFileIsDetected()
    {
        var prometheus = _prometheus.Server;
        var directory = await _prometheus.ResetAsync();
        var before = await prometheus.FileSdReadErrorsAsync();
        var logErrorsBefore = prometheus.Log.FileSdErrors.Count;
        AtomicFileWriter.Write(Path.Combine(directory, "1m-tasks.json"), Encoding.UTF8.GetBytes(OneTarget));
        var loaded = await prometheus.WaitForFilesAsync(TimeSpan.FromSeconds(45));
        var target = Assert.Single(loaded.Active);
        Assert.Equal(("1m-tasks", "http://10.9.0.1:9100/probe", "10.9.0.1:9100", "a"), (target.ScrapePool, target.ScrapeUrl, target.Instance, target.Labels["team"]));
        Assert.Equal(0, await prometheus.FileSdReadErrorsAsync() - before);
        Assert.Equal(logErrorsBefore, prometheus.Log.FileSdErrors.Count);

        // Written in place, cut short: the state a reader can catch while a plain File.WriteAllText is under way.
        File.WriteAllText(Path.Combine(directory, "1m-tasks.json"), OneTarget[..(OneTarget.Length / 2)]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await prometheus.FileSdReadErrorsAsync() == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(await prometheus.FileSdReadErrorsAsync() > before, "Prometheus did not count the truncated file as a read error");
        Assert.Contains(prometheus.Log.FileSdErrors.Skip(logErrorsBefore), line => line.Contains("1m-tasks.json", StringComparison.Ordinal));
        // Put a valid file back so the fixture's next reset starts from a readable state.
        AtomicFileWriter.Write(Path.Combine(directory, "1m-tasks.json"), Encoding.UTF8.GetBytes("[]\n"));
    }

    [Fact(DisplayName = "Prometheus harness: a file Prometheus rejects (an invalid label name) ends the wait for its targets with Prometheus's reason")]
    public async Task RejectedFileEndsTheWait()
    {
        var prometheus = _prometheus.Server;
        var directory = await _prometheus.ResetAsync();
        AtomicFileWriter.Write(Path.Combine(directory, "5m-tasks.json"), Encoding.UTF8.GetBytes(OneTarget.Replace("\"team\"", "\"bad-name\"", StringComparison.Ordinal)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rejected = await Assert.ThrowsAsync<InvalidOperationException>(() => prometheus.WaitForFilesAsync(TimeSpan.FromSeconds(45)));
        Assert.Contains("\\\"bad-name\\\" is not a valid label name", rejected.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the wait took {watch.Elapsed.TotalSeconds:0} s");
        AtomicFileWriter.Write(Path.Combine(directory, "5m-tasks.json"), Encoding.UTF8.GetBytes("[]\n"));
    }

    [Fact(DisplayName = "Prometheus harness: without the binary, starting fails with the apt-get install prometheus hint")]
    public async Task MissingBinaryNamesTheFix()
    {
        using var directory = new TempDirectory();
        var missing = await Assert.ThrowsAsync<PrometheusNotInstalledException>(() => PrometheusServer.StartAsync(directory.Path, executable: directory.File("prometheus")));
        Assert.Contains("apt-get install prometheus", missing.Message, StringComparison.Ordinal);
        var notOnPath = Assert.Throws<PrometheusNotInstalledException>(() => PrometheusExecutable.Find(directory.Path));
        Assert.Contains("apt-get install prometheus", notOnPath.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Theory(DisplayName = "Prometheus harness: one job per file, named after it, with the file's scrape interval")]
    [InlineData("tasks.json", "tasks", "1m")]
    [InlineData("15s-tasks.json", "15s-tasks", "15s")]
    [InlineData("30s-tasks.json", "30s-tasks", "30s")]
    [InlineData("1m-tasks.json", "1m-tasks", "1m")]
    [InlineData("5m-tasks.json", "5m-tasks", "5m")]
    [InlineData("bad-input-7.json", "bad-input-7", "1m")]
    public void ConfigJobs(string file, string job, string interval)
    {
        Assert.Equal(job, PrometheusConfig.JobName(file));
        Assert.Equal(interval, PrometheusConfig.ScrapeInterval(file));
        var config = PrometheusConfig.Render("/t/it's here", new[] { file }, new Uri("http://127.0.0.1:1"));
        Assert.Contains($"  - job_name: '{job}'\n    scrape_interval: {interval}\n", config, StringComparison.Ordinal);
        Assert.Contains($"      - files: ['/t/it''s here/{file}']\n        refresh_interval: 1s\n", config, StringComparison.Ordinal);
        Assert.DoesNotContain("relabel", config, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Prometheus harness: the default configuration has a job for each of the five output files")]
    public void ConfigCoversTheOutputFiles()
    {
        var config = PrometheusConfig.Render("/t", null, new Uri("http://127.0.0.1:1"));
        Assert.Equal(5, config.Split("job_name:").Length - 1);
        Assert.All(new[] { "tasks.json", "15s-tasks.json", "30s-tasks.json", "1m-tasks.json", "5m-tasks.json" }, f => Assert.Contains("/t/" + f, config, StringComparison.Ordinal));
    }

    [Theory(DisplayName = "Prometheus harness: file_sd errors and target errors are told apart from other log lines")]
    [InlineData("level=error component=\"discovery manager scrape\" discovery=file config=tasks msg=\"Error reading file\" path=/t/tasks.json err=\"unexpected end of JSON input\"", true, false)]
    [InlineData("level=warn component=\"discovery manager scrape\" discovery=file msg=\"Error adding file watch\"", true, false)]
    [InlineData("level=info component=\"discovery manager scrape\" discovery=file msg=\"Starting\"", false, false)]
    [InlineData("level=error component=\"scrape manager\" msg=\"Creating target failed\" err=\"instance 0 in group : no address\"", false, true)]
    [InlineData("level=info msg=\"Server is ready to receive web requests.\"", false, false)]
    public void LogClassification(string line, bool fileSdError, bool targetError)
    {
        Assert.Equal(fileSdError, PrometheusLog.IsFileSdError(line));
        Assert.Equal(targetError, PrometheusLog.IsTargetError(line));
    }

    [Fact(DisplayName = "Prometheus harness: a sample is read from the text exposition, not a longer name that starts the same")]
    public void MetricsText()
    {
        const string text = "# TYPE prometheus_sd_file_read_errors_total counter\nprometheus_sd_file_read_errors_total_extra 9\nprometheus_sd_file_read_errors_total 3\n";
        Assert.Equal(3, PrometheusMetricsText.Value(text, PrometheusServer.FileSdReadErrorsMetric));
        Assert.Null(PrometheusMetricsText.Value(text, "prometheus_sd_file_scan_duration_seconds"));
    }

    [Fact(DisplayName = "Prometheus harness: expected targets follow Prometheus's defaults (job, instance, /metrics) and drop empty labels")]
    public void ExpectedTargetDefaults()
    {
        var content = Encoding.UTF8.GetBytes("[{\"targets\":[\"10.0.0.1:80\",\"10.0.0.2:81\"],\"labels\":{\"a\":\"1\",\"b\":\"\",\"__meta_x\":\"y\"}}]");
        var targets = ExpectedTargets.FromFile("30s-tasks", content);
        Assert.Equal(new[] { "http://10.0.0.1:80/metrics", "http://10.0.0.2:81/metrics" }, targets.Select(t => t.ScrapeUrl));
        Assert.Equal("30s-tasks http://10.0.0.1:80/metrics {a=\"1\", instance=\"10.0.0.1:80\", job=\"30s-tasks\"}", targets[0].Key);
        Assert.Equal("y", targets[0].DiscoveredLabels["__meta_x"]);
        Assert.False(targets[0].DiscoveredLabels.ContainsKey("b"));
    }

    [Fact(DisplayName = "Prometheus harness: the /api/v1/targets answer is parsed into active and dropped targets")]
    public void ParsesTargetsAnswer()
    {
        const string json = """
            {"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"10.0.0.1:80","__metrics_path__":"/m"},
            "labels":{"instance":"10.0.0.1:80","job":"web"},"scrapePool":"tasks","scrapeUrl":"http://10.0.0.1:80/m%20x","health":"unknown"}],
            "droppedTargets":[{"discoveredLabels":{"__address__":"10.0.0.2:80"}}]}}
            """;
        var targets = PrometheusTargets.Parse(json);
        var target = Assert.Single(targets.Active);
        Assert.Equal(("tasks", "/m x", "10.0.0.1:80"), (target.ScrapePool, target.ScrapePath, target.Instance));
        Assert.Equal("tasks http://10.0.0.1:80/m x {instance=\"10.0.0.1:80\", job=\"web\"}", target.Key);
        Assert.Equal("10.0.0.2:80", Assert.Single(targets.Dropped)["__address__"]);
        Assert.Throws<FormatException>(() => PrometheusTargets.Parse("{\"status\":\"error\"}"));
    }
}
