using System.Linq;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Output;

public class FileSdReaderTests
{
    [Fact(DisplayName = "R10: files written can be read back, and groups attributed to their cluster")]
    public void RoundTrip()
    {
        using var dir = new TempDirectory();
        var labels = new System.Collections.Generic.SortedDictionary<string, string>
        {
            ["job"] = "web", ["__metrics_path__"] = "/m", ["cluster"] = "prod",
            ["__meta_ecs_cluster_arn"] = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
        };
        foreach (var file in FileSdRenderer.Render(new[] { new FileSdGroup(ScrapeInterval.Minute1, "10.0.0.1:80", "web", "/m", labels) }))
        {
            AtomicFileWriter.Write(dir.File(file.FileName), file.Content);
        }

        var group = Assert.Single(FileSdReader.ReadDirectory(dir.Path));
        Assert.Equal(ScrapeInterval.Minute1, group.Interval);
        Assert.Equal("10.0.0.1:80", group.Target);
        Assert.True(FileSdReader.BelongsToCluster(group, "prod", new LabelNames()));
        Assert.False(FileSdReader.BelongsToCluster(group, "staging", new LabelNames()));
    }

    [Fact(DisplayName = "Bad input: corrupt or foreign files read as empty, never throw")]
    public void CorruptFiles()
    {
        using var dir = new TempDirectory();
        System.IO.File.WriteAllText(dir.File("tasks.json"), "[{\"targets\": [\"10.0.0.1:80\"");
        System.IO.File.WriteAllText(dir.File("15s-tasks.json"), "{\"not\": \"an array\"}");
        System.IO.File.WriteAllText(dir.File("30s-tasks.json"), "[{\"labels\": {}}, {\"targets\": [1, \"\"]}]");
        Assert.Empty(FileSdReader.ReadDirectory(dir.Path));
    }
}
