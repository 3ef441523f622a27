using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// Issue 4 part 4: a real Prometheus, configured as the README says (one file_sd job per file, no relabel rules),
/// loads the files a discovery round wrote from the emulator's demo account (R6 output, R7, R8, R9, R10).
/// </summary>
public class PrometheusReadsExportTests : IClassFixture<PrometheusFixture>
{
    private const string MultiEndpointTask = "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c07";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private readonly PrometheusFixture _prometheus;

    public PrometheusReadsExportTests(PrometheusFixture prometheus) => _prometheus = prometheus;

    /// <summary>One round of discovery and file writes, as Export-EcsFileSd or a loop round does it.</summary>
    private static async Task<RoundReport> ExportAsync(EmulatorHarness harness, string directory)
    {
        var log = new RecordingLoopLog();
        var loop = new DiscoveryLoop(
            harness.Engine(),
            harness.Session,
            new DiscoverySettings { OutputDirectory = directory, Interval = TimeSpan.FromMilliseconds(10), Clusters = new[] { "demo-ec2", "demo-fargate" } },
            null) { MaxRounds = 1 };
        await loop.RunAsync(log, default);
        var report = Assert.Single(log.Rounds);
        Assert.Equal(RoundResult.Success, report.Result);
        return report;
    }

    [Fact(DisplayName = "Prometheus (R6, R7): after an export, /api/v1/targets lists exactly the written targets, __metrics_path__ applied, our labels on them")]
    public async Task ExportedTargetsAreLoaded()
    {
        var prometheus = _prometheus.Server;
        var directory = await _prometheus.ResetAsync();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var report = await ExportAsync(harness, directory);

        var expected = ExpectedTargets.FromDirectory(directory);
        Assert.Equal(11, report.TotalTargets);
        Assert.Equal(11, expected.Count);
        var targets = await prometheus.WaitForFilesAsync(Deadline);

        Assert.Equal(expected.Select(t => t.Key).OrderBy(k => k, StringComparer.Ordinal), targets.Active.Select(t => t.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Empty(targets.Dropped);
        foreach (var want in expected)
        {
            var got = Assert.Single(targets.Active, t => t.Key == want.Key);
            // __metrics_path__ from the file is the path Prometheus scrapes, with no relabel rule.
            Assert.Equal(want.DiscoveredLabels["__metrics_path__"], got.ScrapePath);
            Assert.Equal(want.DiscoveredLabels["__address__"], got.DiscoveredLabels["__address__"]);
            Assert.Equal(Path.Combine(directory, want.ScrapePool + ".json"), got.DiscoveredLabels["__meta_filepath"]);
            foreach (var label in want.DiscoveredLabels)
            {
                Assert.True(got.DiscoveredLabels.TryGetValue(label.Key, out var value) && value == label.Value, $"{got.ScrapeUrl}: discovered label {label.Key}=\"{label.Value}\" missing or different");
            }
        }

        // Independently of the files: the demo's cases as the scenario README lists them.
        Assert.Equal(9, targets.Active.Count(t => t.ScrapePool == "tasks"));
        Assert.Contains(targets.Active, t => t.ScrapePool == "5m-tasks" && t.ScrapeUrl == "http://10.0.1.10:32774/mymetrics" && t.Labels["task_id"] == MultiEndpointTask);
        Assert.Contains(targets.Active, t => t.ScrapePool == "30s-tasks" && t.ScrapeUrl == "http://10.0.1.10:32774/mymetrics2" && t.Labels["metrics_path"] == "/mymetrics2");
        Assert.Contains(targets.Active, t => t.ScrapePool == "tasks" && t.ScrapeUrl == "http://10.0.1.10:32774/plain");
        var graphql = Assert.Single(targets.Active, t => t.Labels["job"] == "custom-labels-graphql");
        Assert.Equal(("GraphQL", "payments", "10.0.1.11:32775"), (graphql.Labels["api_type"], graphql.Labels["team"], graphql.Instance));
        Assert.Equal("demo-ec2", graphql.Labels["cluster"]);
        Assert.Equal("graphql-gateway", graphql.DiscoveredLabels["__meta_ecs_service"]);
        var nolabels = Assert.Single(targets.Active, t => t.Labels["job"] == "nolabels-pushgateway");
        Assert.Equal("http://10.0.1.10:32776/metrics", nolabels.ScrapeUrl);
        Assert.Equal(new[] { "instance", "job", "metrics_path" }, nolabels.Labels.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("nolabels-pushgateway", nolabels.Instance);
        Assert.Equal("http://10.0.2.20:80/metrics", Assert.Single(targets.Active, t => t.Labels["job"] == "fargate-checkout").ScrapeUrl);

        Assert.Empty(prometheus.Log.FileSdErrors);
        Assert.Empty(prometheus.Log.TargetErrors);
        Assert.Equal(0, await prometheus.FileSdReadErrorsAsync());
    }

    [Fact(DisplayName = "Prometheus (R1, R10): after a task stops and a round runs, its targets are gone from Prometheus and the others stay")]
    public async Task StoppedTaskLeavesPrometheus()
    {
        var prometheus = _prometheus.Server;
        var directory = await _prometheus.ResetAsync();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        await ExportAsync(harness, directory);
        var before = await prometheus.WaitForFilesAsync(Deadline);
        Assert.Equal(3, before.Active.Count(t => t.Labels.TryGetValue("task_id", out var id) && id == MultiEndpointTask));

        Assert.True(harness.Server.Scenario.UpdateTask("demo-ec2", MultiEndpointTask, task =>
        {
            task["lastStatus"] = "STOPPED";
            task["desiredStatus"] = "STOPPED";
        }));
        var report = await ExportAsync(harness, directory);
        Assert.Equal(8, report.TotalTargets);

        var after = await prometheus.WaitForTargetsAsync(
            t => !t.Active.Any(target => target.ScrapeUrl.StartsWith("http://10.0.1.10:32774/", StringComparison.Ordinal)),
            Deadline,
            "the stopped task's three targets gone");
        Assert.Equal(
            before.Active.Where(t => !t.ScrapeUrl.StartsWith("http://10.0.1.10:32774/", StringComparison.Ordinal)).Select(t => t.Key).OrderBy(k => k, StringComparer.Ordinal),
            after.Active.Select(t => t.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.True(PrometheusServer.SamePools(after.KeysByPool(), PrometheusTargets.KeysByPool(ExpectedTargets.FromDirectory(directory))));
        Assert.Empty(prometheus.Log.FileSdErrors);
        Assert.Equal(0, await prometheus.FileSdReadErrorsAsync());
    }
}
