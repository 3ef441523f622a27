using System;
using System.IO;
using System.Linq;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Telemetry;

// issue 3 (self-metrics): the metrics file for node_exporter's textfile collector.
public class MetricsFileTests
{
    [Fact(DisplayName = "issue 3: the metrics file is written atomically in the text format and follows the metrics")]
    public void WritesAndRewrites()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ecs_discoverer.prom");
        var metrics = DiscoveryMetricsTests.NewMetrics();

        MetricsFile.Write(metrics, path);
        var first = PrometheusText.Parse(File.ReadAllText(path));
        Assert.Equal(0, first.Value("ecs_discoverer_rounds_total", "result=success"));
        Assert.Equal(DiscoveryMetricsTests.Families.Count, first.Types.Count);

        metrics.RecordRound(DiscoveryMetricsTests.SuccessRound());
        MetricsFile.Write(metrics, path);
        var second = PrometheusText.Parse(File.ReadAllText(path));
        Assert.Equal(1, second.Value("ecs_discoverer_rounds_total", "result=success"));

        Assert.Equal(new[] { "ecs_discoverer.prom" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories), f => f.EndsWith(AtomicFileWriter.TemporarySuffix, StringComparison.Ordinal));
    }

    [Fact(DisplayName = "issue 3: a metrics file that cannot be written is an IOException for the caller to report")]
    public void MissingDirectory()
    {
        using var dir = new TempDirectory();
        Assert.ThrowsAny<IOException>(() => MetricsFile.Write(DiscoveryMetricsTests.NewMetrics(), Path.Combine(dir.Path, "missing", "ecs.prom")));
    }
}
