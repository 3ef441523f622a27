using System.Collections.Generic;
using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>The value readers behind the settings table; issue 3 (configuration).</summary>
public class SettingConvertersTests
{
    public static IEnumerable<object?[]> Booleans() => new[]
    {
        new object?[] { "true", true }, new object?[] { "TRUE", true }, new object?[] { "True", true },
        new object?[] { "1", true }, new object?[] { "yes", true }, new object?[] { "On", true }, new object?[] { " on ", true },
        new object?[] { "false", false }, new object?[] { "False", false }, new object?[] { "0", false },
        new object?[] { "no", false }, new object?[] { "OFF", false },
        new object?[] { true, true }, new object?[] { false, false },
        new object?[] { 1, true }, new object?[] { 0L, false },
        new object?[] { "", null }, new object?[] { "y", null }, new object?[] { "2", null }, new object?[] { "enabled", null },
        new object?[] { 2, null }, new object?[] { 1.0, null }, new object?[] { new object[] { true }, null },
    };

    [Theory(DisplayName = "Booleans: true/false, 1/0, yes/no, on/off in any case, and PowerShell $true/$false")]
    [MemberData(nameof(Booleans))]
    public void ParsesBooleans(object raw, bool? expected)
    {
        var ok = SettingConverters.TryParseBoolean(raw, out var value);
        Assert.Equal(expected.HasValue, ok);
        if (ok)
        {
            Assert.Equal(expected!.Value, value);
        }
    }

    public static IEnumerable<object?[]> WholeNumbers() => new[]
    {
        new object?[] { "8", 8L }, new object?[] { " -3 ", -3L }, new object?[] { 8, 8L }, new object?[] { 8L, 8L },
        new object?[] { 8.0, 8L }, new object?[] { 8m, 8L },
        new object?[] { "8.0", null }, new object?[] { "1e3", null }, new object?[] { "0x10", null }, new object?[] { "1,000", null },
        new object?[] { 8.5, null }, new object?[] { 1e12, null }, new object?[] { true, null }, new object?[] { "", null },
    };

    [Theory(DisplayName = "Whole numbers: integers of any width, integral floating values, invariant digits")]
    [MemberData(nameof(WholeNumbers))]
    public void ParsesWholeNumbers(object raw, long? expected)
    {
        var ok = SettingConverters.TryParseWholeNumber(raw, out var value);
        Assert.Equal(expected.HasValue, ok);
        if (ok)
        {
            Assert.Equal(expected!.Value, value);
        }
    }

    public static IEnumerable<object?[]> Numbers() => new[]
    {
        new object?[] { "10", 10.0 }, new object?[] { "0.5", 0.5 }, new object?[] { "1e3", 1000.0 }, new object?[] { 2, 2.0 },
        new object?[] { 2.5, 2.5 }, new object?[] { 2.5m, 2.5 },
        new object?[] { "0,5", null }, new object?[] { "NaN", null }, new object?[] { "-Infinity", null },
        new object?[] { double.NaN, null }, new object?[] { "ten", null }, new object?[] { true, null },
    };

    [Theory(DisplayName = "Numbers: finite, invariant culture")]
    [MemberData(nameof(Numbers))]
    public void ParsesNumbers(object raw, double? expected)
    {
        var ok = SettingConverters.TryParseNumber(raw, out var value);
        Assert.Equal(expected.HasValue, ok);
        if (ok)
        {
            Assert.Equal(expected!.Value, value);
        }
    }

    // Expected entries joined with "|"; null when refused.
    [Theory(DisplayName = "Lists: comma-separated text or a TOML array; blank is empty; an empty entry is refused")]
    [InlineData("a", "a")]
    [InlineData("a,b", "a|b")]
    [InlineData(" a , b ", "a|b")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod,prod-*", "arn:aws:ecs:eu-west-1:123456789012:cluster/prod|prod-*")]
    [InlineData("[\"a\", \"b\"]", "a|b")]
    [InlineData("['a','b',]", "a|b")]
    [InlineData("[a]", "a")]
    [InlineData("[]", "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("a,,b", null)]
    [InlineData(",a", null)]
    [InlineData("a,", null)]
    [InlineData("[a,,b]", null)]
    [InlineData("['']", null)]
    public void SplitsLists(string raw, string? expected)
    {
        var ok = SettingConverters.TrySplitList(raw, out var items, out var problem, "names");
        Assert.Equal(expected is not null, ok);
        if (ok)
        {
            Assert.Equal(expected, string.Join("|", items));
        }
        else
        {
            Assert.Equal("has an empty entry: separate names with single commas", problem);
        }
    }

    [Theory(DisplayName = "Environment values: one pair of surrounding quotes is removed, escapes are not processed")]
    [InlineData("\"/targets\"", "/targets")]
    [InlineData("'/targets'", "/targets")]
    [InlineData("\"C:\\targets\"", "C:\\targets")]
    [InlineData("\"a'", "\"a'")]
    [InlineData("\"", "\"")]
    [InlineData("\"\"", "")]
    [InlineData("plain", "plain")]
    [InlineData("it's", "it's")]
    public void Unquotes(string raw, string expected) => Assert.Equal(expected, DynaconfText.Unquote(raw));
}
