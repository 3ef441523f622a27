using System.Linq;
using System.Text;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>The checker must be able to fail: each file Prometheus would refuse (or mis-scrape) is caught, with a reason.</summary>
public class FileSdInvariantTests
{
    private const string Good = """[{"targets":["10.0.0.1:9100"],"labels":{"job":"web","__metrics_path__":"/metrics","__meta_ecs_task_arn":"a"}}]""";

    [Theory(DisplayName = "Invariant checker: a file that breaks the file_sd contract is reported")]
    [InlineData("not JSON", "{", "not valid JSON")]
    [InlineData("trailing comma", """[{"targets":["10.0.0.1:9100"],"labels":{}},]""", "not valid JSON")]
    [InlineData("an object at the root", """{"targets":[]}""", "not an array")]
    [InlineData("a null group", """[null]""", "not a target group")]
    [InlineData("an extra key", """[{"targets":["10.0.0.1:1"],"labels":{},"x":1}]""", "not exactly targets and labels")]
    [InlineData("no targets", """[{"targets":[],"labels":{}}]""", "no targets")]
    [InlineData("a number as target", """[{"targets":[1],"labels":{}}]""", "not a string")]
    [InlineData("a URL as target", """[{"targets":["http://10.0.0.1:1/x"],"labels":{}}]""", "not an IPv4 address")]
    [InlineData("a hostname as target", """[{"targets":["evil.example:80"],"labels":{}}]""", "not an IPv4 address")]
    [InlineData("no port", """[{"targets":["10.0.0.1"],"labels":{}}]""", "not host:port")]
    [InlineData("port 0", """[{"targets":["10.0.0.1:0"],"labels":{}}]""", "not a port from 1 to 65535")]
    [InlineData("port 70000", """[{"targets":["10.0.0.1:70000"],"labels":{}}]""", "not a port from 1 to 65535")]
    [InlineData("octet 256", """[{"targets":["10.0.0.256:80"],"labels":{}}]""", "not an IPv4 address")]
    [InlineData("labels as an array", """[{"targets":["10.0.0.1:1"],"labels":[]}]""", "not an object")]
    [InlineData("a number as label value", """[{"targets":["10.0.0.1:1"],"labels":{"a":1}}]""", "not a string")]
    [InlineData("an invalid label name", """[{"targets":["10.0.0.1:1"],"labels":{"a-b":"x"}}]""", "not a valid Prometheus label name")]
    [InlineData("a label name with a leading digit", """[{"targets":["10.0.0.1:1"],"labels":{"1a":"x"}}]""", "not a valid Prometheus label name")]
    [InlineData("an empty label name", """[{"targets":["10.0.0.1:1"],"labels":{"":"x"}}]""", "not a valid Prometheus label name")]
    [InlineData("__address__ set by a label", """[{"targets":["10.0.0.1:1"],"labels":{"__address__":"6.6.6.6:666"}}]""", "reserved label '__address__'")]
    [InlineData("__address__ set by a label", """[{"targets":["10.0.0.1:1"],"labels":{"__address__":"10.0.0.2:1"}}]""", "reserved label '__address__'")]
    [InlineData("an unknown __meta_ label", """[{"targets":["10.0.0.1:1"],"labels":{"__meta_ecs_x":"1"}}]""", "reserved label")]
    [InlineData("a duplicate label", """[{"targets":["10.0.0.1:1"],"labels":{"a":"1","a":"2"}}]""", "appears twice")]
    [InlineData("an escaped lone surrogate", """[{"targets":["10.0.0.1:1"],"labels":{"a":"x\ud800"}}]""", "not valid Unicode text")]
    [InlineData("a metrics path without /", """[{"targets":["10.0.0.1:1"],"labels":{"__metrics_path__":"metrics"}}]""", "does not start with /")]
    public void CatchesBadFiles(string what, string content, string expected)
    {
        var violations = FileSdInvariant.CheckFile("tasks.json", Encoding.UTF8.GetBytes(content));
        Assert.True(violations.Any(v => v.Contains(expected, System.StringComparison.Ordinal)), $"{what}: [{string.Join(" | ", violations)}]");
    }

    [Fact(DisplayName = "Invariant checker: invalid UTF-8 bytes and a byte order mark are reported")]
    public void CatchesBadBytes()
    {
        var invalid = Encoding.UTF8.GetBytes(Good).ToArray();
        invalid[invalid.Length - 5] = 0xFF;
        Assert.Contains(FileSdInvariant.CheckFile("tasks.json", invalid), v => v.Contains("not valid UTF-8", System.StringComparison.Ordinal));

        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Good)).ToArray();
        Assert.Contains(FileSdInvariant.CheckFile("tasks.json", bom), v => v.Contains("byte order mark", System.StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Invariant checker: a good file, the empty file [] and hostile but valid values pass")]
    public void AcceptsGoodFiles()
    {
        Assert.Empty(FileSdInvariant.CheckFile("tasks.json", Encoding.UTF8.GetBytes(Good)));
        Assert.Empty(FileSdInvariant.CheckFile("tasks.json", Encoding.UTF8.GetBytes("[]\n")));
        Assert.Empty(FileSdInvariant.CheckFile("tasks.json", Encoding.UTF8.GetBytes(
            """[{"targets":["255.255.255.255:65535"],"labels":{"_x":"\"}]\n\u0000\ud83d\ude00","__metrics_path__":"/\"}]"}}]""")));
    }

    [Fact(DisplayName = "Invariant checker: in-memory targets and skip records are checked too")]
    public void ChecksTargetsAndSkips()
    {
        var target = new ScrapeTarget { Host = "evil.example", Port = 70000, MetricsPath = "metrics", TaskArn = "t", ContainerName = "c" };
        target.Labels = new System.Collections.Generic.SortedDictionary<string, string> { ["__address__"] = "x", ["bad-name"] = "y" };
        var violations = FileSdInvariant.CheckTargets(new[] { target });
        Assert.Contains(violations, v => v.Contains("not an IPv4 address", System.StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("outside 1-65535", System.StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("does not start with /", System.StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("reserved label '__address__'", System.StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'bad-name' is not a valid", System.StringComparison.Ordinal));

        var skips = FileSdInvariant.CheckSkips(new[] { new SkippedContainer { TaskArn = "t", ContainerName = "c", Reason = (SkipReason)99, Detail = " " } });
        Assert.Equal(2, skips.Count);
    }
}
