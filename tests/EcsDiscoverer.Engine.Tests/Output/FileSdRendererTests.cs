using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Output;

public class FileSdRendererTests
{
    private static FileSdGroup Group(string job, string target, string path, ScrapeInterval interval = ScrapeInterval.Generic, params (string, string)[] extra)
    {
        var labels = new SortedDictionary<string, string>(System.StringComparer.Ordinal) { ["job"] = job, ["__metrics_path__"] = path, ["instance"] = target };
        foreach (var (k, v) in extra)
        {
            labels[k] = v;
        }

        return new FileSdGroup(interval, target, job, path, labels);
    }

    private static string Text(FileSdFile file) => Encoding.UTF8.GetString(file.Content);

    [Fact(DisplayName = "Output: always all five files, [] when empty")]
    public void FiveFiles()
    {
        var files = FileSdRenderer.Render(new List<FileSdGroup>());
        Assert.Equal(new[] { "tasks.json", "15s-tasks.json", "30s-tasks.json", "1m-tasks.json", "5m-tasks.json" }, files.Select(f => f.FileName));
        Assert.All(files, f => Assert.Equal("[]\n", Text(f)));
    }

    [Fact(DisplayName = "Output: each group goes to the file of its interval, as {targets, labels}")]
    public void GroupsByInterval()
    {
        var files = FileSdRenderer.Render(new[] { Group("a", "10.0.0.1:80", "/m", ScrapeInterval.Seconds30), Group("b", "10.0.0.2:80", "/m") });
        var thirty = files.Single(f => f.Interval == ScrapeInterval.Seconds30);
        using var doc = JsonDocument.Parse(thirty.Content);
        var group = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal("10.0.0.1:80", Assert.Single(group.GetProperty("targets").EnumerateArray().ToList()).GetString());
        Assert.Equal("a", group.GetProperty("labels").GetProperty("job").GetString());
        Assert.Equal(1, files.Single(f => f.Interval == ScrapeInterval.Generic).GroupCount);
    }

    [Fact(DisplayName = "Output: sorted by job, address and path, so the same state gives the same bytes in any input order")]
    public void Deterministic()
    {
        var groups = new[]
        {
            Group("web", "10.0.0.2:80", "/b"), Group("api", "10.0.0.9:80", "/a"), Group("web", "10.0.0.1:80", "/z"),
            Group("web", "10.0.0.2:80", "/a"),
        };
        var forward = FileSdRenderer.Render(groups);
        var backward = FileSdRenderer.Render(groups.Reverse());
        Assert.Equal(forward.Select(f => Text(f)), backward.Select(f => Text(f)));
        using var doc = JsonDocument.Parse(forward[0].Content);
        var order = doc.RootElement.EnumerateArray().Select(g => g.GetProperty("labels").GetProperty("job").GetString() + " " + g.GetProperty("targets")[0].GetString() + " " + g.GetProperty("labels").GetProperty("__metrics_path__").GetString());
        Assert.Equal(new[] { "api 10.0.0.9:80 /a", "web 10.0.0.1:80 /z", "web 10.0.0.2:80 /a", "web 10.0.0.2:80 /b" }, order);
    }

    [Theory(DisplayName = "R9: label values are any UTF-8 text, JSON-escaped, never able to break the file")]
    [InlineData("GraphQL")]
    [InlineData("quote \" and backslash \\")]
    [InlineData("new\nline\r\ttab")]
    [InlineData("\"},{\"targets\":[\"evil:1\"]")]
    [InlineData("Zürich 東京 😀")]
    [InlineData("\u0000\u001f control")]
    [InlineData("</script><b>")]
    public void HostileValues(string value)
    {
        var file = FileSdRenderer.Render(new[] { Group("web", "10.0.0.1:80", "/m", ScrapeInterval.Generic, ("team", value)) })[0];
        using var doc = JsonDocument.Parse(file.Content);
        var group = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal(value, group.GetProperty("labels").GetProperty("team").GetString());
        Assert.Single(group.GetProperty("targets").EnumerateArray().ToList());
    }

    [Fact(DisplayName = "Output: UTF-8 without a byte order mark, ending in a newline")]
    public void Encoding_()
    {
        var content = FileSdRenderer.Render(new[] { Group("web", "10.0.0.1:80", "/m", ScrapeInterval.Generic, ("city", "Zürich")) })[0].Content;
        Assert.NotEqual(0xEF, content[0]);
        Assert.Equal((byte)'\n', content[^1]);
        Assert.Contains("Zürich", Encoding.UTF8.GetString(content));
    }

    // An unfiltered /targets joins the files' bytes instead of rendering every group again (35 MB at 20,000
    // targets): it must be exactly what rendering them would give, with empty files between, first and last.
    [Fact(DisplayName = "http_sd: several whole files joined are byte for byte the groups rendered")]
    public void ConcatenateIsRenderGroups()
    {
        var files = FileSdRenderer.Render(new[]
        {
            Group("a", "10.0.0.1:80", "/metrics", ScrapeInterval.Generic, ("team", "Zürich \"quoted\"")),
            Group("b", "10.0.0.2:80", "/metrics", ScrapeInterval.Generic),
            Group("c", "10.0.0.3:80", "/m", ScrapeInterval.Seconds30),
            Group("d", "10.0.0.4:80", "/m", ScrapeInterval.Minutes5),
            Group("e", "10.0.0.5:80", "/m", ScrapeInterval.Minutes5),
        });
        Assert.Contains(files, f => f.Groups.Count == 0);

        Assert.Equal(FileSdRenderer.RenderGroups(files.SelectMany(f => f.Groups)), FileSdRenderer.Concatenate(files));
        Assert.Equal(FileSdRenderer.RenderGroups(files[3].Groups.Concat(files[4].Groups)), FileSdRenderer.Concatenate(new[] { files[3], files[4] }));
        Assert.Equal(FileSdRenderer.RenderGroups(files[1].Groups), FileSdRenderer.Concatenate(new[] { files[1] }));
        var none = FileSdRenderer.Render(new List<FileSdGroup>());
        Assert.Equal(FileSdRenderer.RenderGroups(new List<FileSdGroup>()), FileSdRenderer.Concatenate(none));
    }

    [Fact(DisplayName = "Output: a rendering that copies the unchanged groups of the last one gives the same bytes as writing every group")]
    public void CopiedGroupsAreTheSameBytes()
    {
        static FileSdGroup Target(string job, string target, ScrapeInterval interval, string value) => new(
            interval, target, job, "/metrics", LabelDictionary.From(new Dictionary<string, string> { ["job"] = job, ["__metrics_path__"] = "/metrics", ["instance"] = target, ["note"] = value }));

        var kept = Enumerable.Range(0, 50).Select(i => Target("web", $"10.0.0.{i}:80", i % 2 == 0 ? ScrapeInterval.Generic : ScrapeInterval.Seconds30, "caf\u00e9 \"q\" <" + i + ">")).ToList();
        var first = FileSdRenderer.Render(kept);

        // The next round: most groups the same objects, one gone, one new, one whose target moved.
        var moved = new FileSdGroup(ScrapeInterval.Generic, "10.9.9.9:81", "web", "/metrics", kept[4].Labels);
        var next = kept.Where((_, i) => i != 3 && i != 4).Append(Target("api", "10.1.0.1:80", ScrapeInterval.Generic, "new")).Append(moved).ToList();
        var copied = FileSdRenderer.Render(next, null, first);
        var written = FileSdRenderer.Render(next);
        Assert.Equal(written.Select(Text), copied.Select(Text));
        Assert.Contains("10.9.9.9:81", Text(copied[0]), System.StringComparison.Ordinal);
        Assert.All(copied, f => Assert.Equal(f.GroupCount, f.Fragments!.Length));

        // And again from the copied rendering, with nothing changed.
        Assert.Equal(written.Select(Text), FileSdRenderer.Render(next, null, copied).Select(Text));
    }
}
