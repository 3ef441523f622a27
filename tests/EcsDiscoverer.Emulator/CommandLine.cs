using System.Globalization;

namespace EcsDiscoverer.Emulator;

/// <summary>The usage text and number parsing both commands share; exit code 2 means bad arguments.</summary>
internal static class CommandLine
{
    public const int BadArguments = 2;

    public const string Usage = """
        usage: EcsDiscoverer.Emulator (--scenario PATH | --generate SPEC) [--port N]
                   [--rate-limit REQUESTS_PER_SECOND [--burst N] | --aws-limits] [--latency 20ms]
                   [--event-queue NAME[,NAME...]]... [--churn-per-minute N] [--exit-on-stdin-eof]
               EcsDiscoverer.Emulator generate --clusters N --tasks N --families N --instances N
                   [--fargate-percent P] [--host-percent P] [--intervals 30s,1m] [--region R]
                   [--accounts A --regions R] --output FILE|-
          SPEC is key=value pairs, e.g. "clusters=3,tasks=1000,families=20,instances=30,fargate-percent=20"
        """;

    public static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"{message}\n{Usage}").ConfigureAwait(false);
        return BadArguments;
    }

    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>A latency such as <c>20ms</c>, <c>0.5s</c> or <c>20</c> (milliseconds), from 0 to 60 s.</summary>
    public static bool TryParseLatency(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount))
        {
            return false;
        }

        var latency = TimeSpan.FromMilliseconds(amount * scale);
        if (latency > EmulatorLatency.Max)
        {
            return false;
        }

        value = latency;
        return true;
    }

    public static bool TryParseRate(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value > 0 && double.IsFinite(value);
}
