using System.Text;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// <c>generate --clusters 3 --tasks 1000 --families 20 --instances 30 [--fargate-percent 20] --output FILE</c>:
/// writes a <see cref="ScenarioGenerator"/> scenario and prints a one-line summary. With
/// <c>--output -</c> the JSON goes to stdout and the summary to stderr.
/// </summary>
internal static class GenerateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? output = null;
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return await CommandLine.FailAsync($"unexpected argument \"{args[i]}\"").ConfigureAwait(false);
            }

            var key = args[i][2..];
            var value = args[++i];
            if (key == "output")
            {
                output = value;
            }
            else
            {
                pairs.Add(new(key, value));
            }
        }

        if (output is null)
        {
            return await CommandLine.FailAsync("generate needs --output FILE (or - for stdout)").ConfigureAwait(false);
        }

        GeneratedScenario scenario;
        try
        {
            scenario = ScenarioGenerator.Generate(ScenarioGeneratorOptions.FromPairs(pairs));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return await CommandLine.FailAsync(ex.Message).ConfigureAwait(false);
        }

        if (output == "-")
        {
            await Console.Out.WriteLineAsync(scenario.Json).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(scenario.Summary).ConfigureAwait(false);
            return 0;
        }

        try
        {
            await File.WriteAllTextAsync(output, scenario.Json + "\n", new UTF8Encoding(false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"cannot write {output}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await Console.Out.WriteLineAsync($"wrote {output}: {scenario.Summary}").ConfigureAwait(false);
        return 0;
    }
}
