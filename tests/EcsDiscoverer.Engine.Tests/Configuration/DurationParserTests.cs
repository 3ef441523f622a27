using System;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>Intervals as Prometheus and seed users write them; issue 3 (configuration).</summary>
public class DurationParserTests
{
    [Theory(DisplayName = "Durations: a bare number is seconds; units ms, s, m, h, largest first")]
    [InlineData("15", 15_000)]
    [InlineData("15s", 15_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("0.5s", 500)]
    [InlineData("0.1", 100)]
    [InlineData(".5", 500)]
    [InlineData("100ms", 100)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("1.5m", 90_000)]
    [InlineData(" 30s ", 30_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("-5s", -5_000)]
    [InlineData("-1", -1_000)]
    public void ParsesText(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
        Assert.Equal("", error);
    }

    [Theory(DisplayName = "Durations: anything else is not a duration, with a message that says what is")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("-")]
    [InlineData("1x")]
    [InlineData("s")]
    [InlineData("15S")]
    [InlineData("1m30")]
    [InlineData("30s1m")]
    [InlineData("1m1m")]
    [InlineData("1 m")]
    [InlineData("1d")]
    [InlineData("1,5s")]
    [InlineData("1e3")]
    [InlineData("+5s")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("fifteen")]
    public void RefusesText(string text)
    {
        Assert.False(DurationParser.TryParse(text, out var duration, out var error));
        Assert.Equal(TimeSpan.Zero, duration);
        Assert.Equal("is not a duration: use seconds (15) or a duration such as 15s or 1m", error);
    }

    public static IEnumerable<object?[]> TypedValues() => new[]
    {
        new object?[] { 15, TimeSpan.FromSeconds(15) },
        new object?[] { 60L, TimeSpan.FromMinutes(1) },
        new object?[] { 0.1, TimeSpan.FromMilliseconds(100) },
        new object?[] { 2.5f, TimeSpan.FromSeconds(2.5) },
        new object?[] { 1.5m, TimeSpan.FromSeconds(1.5) },
        new object?[] { -3, TimeSpan.FromSeconds(-3) },
        new object?[] { TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5) },
    };

    [Theory(DisplayName = "Durations: numbers from a .psd1 are seconds; a TimeSpan is taken as it is")]
    [MemberData(nameof(TypedValues))]
    public void ParsesTypedValues(object value, TimeSpan expected)
    {
        Assert.True(DurationParser.TryParse(value, out var duration, out _));
        Assert.Equal(expected, duration);
    }

    public static IEnumerable<object?[]> NotDurations() => new[]
    {
        new object?[] { null },
        new object?[] { true },
        new object?[] { new object[] { "15s" } },
        new object?[] { double.NaN },
        new object?[] { double.PositiveInfinity },
    };

    [Theory(DisplayName = "Durations: null, booleans, arrays and non-finite numbers are not durations")]
    [MemberData(nameof(NotDurations))]
    public void RefusesTypedValues(object? value)
    {
        Assert.False(DurationParser.TryParse(value, out _, out var error));
        Assert.Equal(DurationParser.NotADuration, error);
    }

    public static IEnumerable<object?[]> HugeValues() => new[]
    {
        new object?[] { "99999999999999999h" },
        new object?[] { "9999999999999999999999" },
        new object?[] { 1e300 },
        new object?[] { long.MaxValue },
    };

    [Theory(DisplayName = "Durations: values beyond what a TimeSpan holds are too long, not a crash")]
    [MemberData(nameof(HugeValues))]
    public void RefusesHugeValues(object value)
    {
        Assert.False(DurationParser.TryParse(value, out _, out var error));
        Assert.Equal("is too long: use a duration such as 15s or 1m", error);
    }

    [Theory(DisplayName = "Durations are written back the Prometheus way")]
    [InlineData(0, "0s")]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "1m30s")]
    [InlineData(100, "100ms")]
    [InlineData(7_200_000, "2h")]
    [InlineData(3_723_004, "1h2m3s4ms")]
    [InlineData(172_800_000, "48h")]
    [InlineData(-5_000, "-5s")]
    public void Formats(long milliseconds, string expected)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(expected, DurationParser.Format(duration));
        Assert.True(DurationParser.TryParse(expected, out var again, out _));
        Assert.Equal(duration, again);
    }

    [Fact(DisplayName = "Durations finer than a millisecond are written as fractional seconds, losing nothing")]
    public void FormatsSubMillisecond()
    {
        var duration = TimeSpan.FromTicks(1_000);
        Assert.Equal("0.0001s", DurationParser.Format(duration));
        Assert.True(DurationParser.TryParse("0.0001s", out var again, out _));
        Assert.Equal(duration, again);
    }
}
