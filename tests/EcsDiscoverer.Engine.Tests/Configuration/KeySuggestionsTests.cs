using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>"Did you mean" for unknown settings-file keys; issue 3 (configuration).</summary>
public class KeySuggestionsTests
{
    // Expected suggestions joined with "|"; empty for none.
    [Theory(DisplayName = "Unknown keys: close spellings, parameter names and prefixed names point at the setting")]
    [InlineData("INTERVALL", "INTERVAL")]
    [InlineData("intervall", "INTERVAL")]
    [InlineData("REGOIN", "REGION|REGIONS")]
    [InlineData("CLUSTER", "CLUSTERS")]
    [InlineData("OutputDirectory", "OUTPUT_DIRECTORY")]
    [InlineData("output-directory", "OUTPUT_DIRECTORY")]
    [InlineData("Path", "OUTPUT_DIRECTORY")]
    [InlineData("MetricsPort", "PROMETHEUS_SERVER_PORT")]
    [InlineData("DYNACONF_INTERVAL", "INTERVAL")]
    [InlineData("PROMED_MAX_RETRY_ATTEMPTS", "MAX_RETRY_ATTEMPTS")]
    [InlineData("MAX_RETRY", "MAX_RETRY_ATTEMPTS")]
    [InlineData("LABELNAME_TASK_ID", "LABELNAME_TASKID")]
    [InlineData("SERVER_PORT", "PROMETHEUS_SERVER_PORT")]
    [InlineData("COLOUR", "")]
    [InlineData("X", "")]
    [InlineData("", "")]
    public void Suggests(string unknown, string expected) =>
        Assert.Equal(expected, string.Join("|", KeySuggestions.For(unknown, SettingDefinitions.All)));

    [Theory(DisplayName = "Edit distance: insertions, deletions and substitutions")]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("REGION", "REGOIN", 2)]
    [InlineData("INTERVAL", "INTERVALL", 1)]
    public void Distance(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestions.Distance(a, b));
        Assert.Equal(expected, KeySuggestions.Distance(b, a));
    }
}
