using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// Reads intervals the way Prometheus users write them (<c>15s</c>, <c>1m30s</c>, <c>100ms</c>, <c>2h</c>) and the
/// way the seed's users did (a bare number of seconds, <c>15</c>), and writes them back in the Prometheus form.
/// </summary>
internal static class DurationParser
{
    /// <summary>The phrase that follows a value which is not a duration.</summary>
    public const string NotADuration = "is not a duration: use seconds (15) or a duration such as 15s or 1m";

    private const string Number = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";

    private static readonly Regex BareSeconds = new(
        "^" + Number + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    // Prometheus order: each unit at most once, largest first. Fractions are allowed (0.5s), which Prometheus
    // itself does not, because seed users wrote THROTTLE_INTERVAL_SECONDS = 0.1.
    private static readonly Regex Units = new(
        "^(?:(?<h>" + Number + ")h)?(?:(?<m>" + Number + ")m)?(?:(?<s>" + Number + ")s)?(?:(?<ms>" + Number + ")ms)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// Parses a duration: a string (<c>15</c>, <c>15s</c>, <c>1m30s</c>, <c>0.5s</c>, <c>100ms</c>, <c>2h</c>, optionally
    /// negative), a number of seconds (int, long, double, as a .psd1 file gives them) or a <see cref="TimeSpan"/>.
    /// Zero and negative durations parse; whether they are allowed is the caller's rule.
    /// </summary>
    /// <param name="value">The value to parse.</param>
    /// <param name="duration">The duration, or zero when the value is not one.</param>
    /// <param name="error">Empty on success; otherwise a phrase to follow the value, such as <see cref="NotADuration"/>.</param>
    /// <returns>Whether the value is a duration.</returns>
    public static bool TryParse(object? value, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        switch (value)
        {
            case TimeSpan span:
                duration = span;
                return true;
            case string text:
                return TryParseText(text, out duration, out error);
            case int or long or short or byte or double or float or decimal:
                return TrySeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), out duration, out error);
            default:
                error = NotADuration;
                return false;
        }
    }

    /// <summary>
    /// Writes a duration the way Prometheus does (<c>15s</c>, <c>1m30s</c>, <c>100ms</c>, <c>0s</c>); a duration finer
    /// than a millisecond is written as fractional seconds so that nothing is lost.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.Zero)
        {
            return duration == TimeSpan.MinValue ? "-" + Format(TimeSpan.MaxValue) : "-" + Format(duration.Negate());
        }

        if (duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return ((decimal)duration.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "s";
        }

        var builder = new StringBuilder();
        Append(builder, (long)duration.TotalHours, "h");
        Append(builder, duration.Minutes, "m");
        Append(builder, duration.Seconds, "s");
        Append(builder, duration.Milliseconds, "ms");
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, long amount, string unit)
    {
        if (amount != 0)
        {
            builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static bool TryParseText(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        var body = text.Trim();
        var negative = body.StartsWith("-", StringComparison.Ordinal);
        if (negative)
        {
            body = body.Substring(1);
        }

        if (body.Length == 0)
        {
            error = NotADuration;
            return false;
        }

        double seconds;
        if (BareSeconds.IsMatch(body))
        {
            seconds = ParseNumber(body);
        }
        else
        {
            var match = Units.Match(body);
            if (!match.Success)
            {
                error = NotADuration;
                return false;
            }

            seconds = Part(match, "h", 3600) + Part(match, "m", 60) + Part(match, "s", 1) + Part(match, "ms", 0.001);
        }

        return TrySeconds(negative ? -seconds : seconds, out duration, out error);
    }

    private static double Part(Match match, string unit, double secondsPerUnit)
    {
        var group = match.Groups[unit];
        return group.Success ? ParseNumber(group.Value) * secondsPerUnit : 0;
    }

    private static double ParseNumber(string digits) =>
        double.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static bool TrySeconds(double seconds, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        var ticks = Math.Round(seconds * TimeSpan.TicksPerSecond);

        // Comparing as doubles: long.MaxValue rounds up to 2^63, so anything below it converts without overflow.
        if (double.IsNaN(ticks) || Math.Abs(ticks) >= long.MaxValue)
        {
            error = double.IsNaN(ticks) || double.IsInfinity(seconds) ? NotADuration : "is too long: use a duration such as 15s or 1m";
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }
}
