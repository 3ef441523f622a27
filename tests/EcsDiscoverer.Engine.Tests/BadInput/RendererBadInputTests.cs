using System.Collections.Generic;
using System.Linq;
using System.Text;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>The renderer with hostile label values: valid files, and the same bytes for the same groups in any order.</summary>
public class RendererBadInputTests
{
    private static FileSdGroup Group(params (string Name, string Value)[] labels) =>
        new(ScrapeInterval.Generic, "10.0.0.1:80", "web", "/metrics", labels.ToDictionary(l => l.Name, l => l.Value));

    [Fact(DisplayName = "Output determinism: groups whose labels only differ in where a NUL falls render the same bytes in any order")]
    public void NulInValuesDoesNotMakeOrderDependOnInput()
    {
        // Joined with NUL separators both label sets read "a=x\0b=y": a string key cannot tell them apart.
        var first = Group(("a", "x\0b=y"));
        var second = Group(("a", "x"), ("b", "y"));

        var forward = FileSdRenderer.Render(new[] { first, second }).Single(f => f.Interval == ScrapeInterval.Generic);
        var backward = FileSdRenderer.Render(new[] { second, first }).Single(f => f.Interval == ScrapeInterval.Generic);

        Assert.Equal(Encoding.UTF8.GetString(forward.Content), Encoding.UTF8.GetString(backward.Content));
    }

    [Fact(DisplayName = "Output: a label value with a lone surrogate is written as U+FFFD, so the file stays valid UTF-8")]
    public void LoneSurrogateBecomesReplacementCharacter()
    {
        var file = FileSdRenderer.Render(new[] { Group(("v", "a\uD800b"), ("w", "\uDC00"), ("__metrics_path__", "/m\uDBFF")) })
            .Single(f => f.Interval == ScrapeInterval.Generic);

        var group = Assert.Single(FileSdInvariant.Groups(file.FileName, file.Content));
        Assert.Equal("a\uFFFDb", group.Labels["v"]);
        Assert.Equal("\uFFFD", group.Labels["w"]);
        Assert.Equal("/m\uFFFD", group.Labels["__metrics_path__"]);
    }

    [Fact(DisplayName = "Output: quotes, backslashes, newlines, NUL and JSON fragments in values read back unchanged")]
    public void HostileValuesRoundTrip()
    {
        var values = HostileText.Transportable.ToDictionary(v => "l_" + v.Name.Replace("-", "_", System.StringComparison.Ordinal), v => v.Value);
        var file = FileSdRenderer.Render(new[] { new FileSdGroup(ScrapeInterval.Seconds30, "10.0.0.1:80", HostileText.GroupInjection, "/m", values) })
            .Single(f => f.Interval == ScrapeInterval.Seconds30);

        var group = Assert.Single(FileSdInvariant.Groups(file.FileName, file.Content));
        Assert.Equal(values.OrderBy(v => v.Key), group.Labels.OrderBy(v => v.Key));
    }
}
