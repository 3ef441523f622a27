using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Rules.Conventions;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

public class LabelNameRuleTests
{
    [Theory(DisplayName = "R9: custom label names are lower-cased and made valid")]
    [InlineData("api_type", "api_type")]
    [InlineData("API_Type", "api_type")]
    [InlineData("team-name", "team_name")]
    [InlineData("a.b/c d", "a_b_c_d")]
    [InlineData("1st", "_1st")]
    [InlineData("9", "_9")]
    [InlineData("_private", "_private")]
    [InlineData("Ünïcode", "_n_code")]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("__reserved", null)]
    [InlineData("__", null)]
    [InlineData("-_x", "__x_dropped")]
    public void Sanitizes(string? raw, string? expected)
    {
        // "-_x" becomes "__x", which Prometheus reserves: dropped like any "__" name.
        var actual = LabelNameRule.Sanitize(raw);
        Assert.Equal(expected == "__x_dropped" ? null : expected, actual);
        if (actual is not null)
        {
            Assert.True(LabelNameRule.IsValid(actual));
        }
    }

    [Fact(DisplayName = "R9: PROMETHEUS_LABEL_* variables become labels; bad names are dropped with a warning; collisions resolve first-wins")]
    public void Extracts()
    {
        var env = new Dictionary<string, string>
        {
            ["PROMETHEUS_LABEL_api_type"] = "GraphQL",
            ["PROMETHEUS_LABEL_Team"] = "payments",
            ["PROMETHEUS_LABEL_team"] = "other",
            ["PROMETHEUS_LABEL_"] = "empty name",
            ["PROMETHEUS_LABEL___x"] = "reserved",
            ["PROMETHEUS"] = "true",
            ["prometheus_label_lower"] = "prefix is case-sensitive",
        };
        var warnings = new List<string>();
        var labels = CustomLabelRule.Extract(new ContainerKeys(env, null), new RuleSettings(), warnings);
        // Variables are taken in ordinal order, so "PROMETHEUS_LABEL_Team" (upper case sorts first) wins over "..._team".
        Assert.Equal(new[] { "team=payments", "api_type=GraphQL" }, labels.Select(l => l.Key + "=" + l.Value));
        Assert.Equal(3, warnings.Count);
    }
}
