using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Telemetry;
using EcsDiscoverer.Engine.Tests.Configuration;
using EcsDiscoverer.Engine.Tests.Support;
using EcsDiscoverer.Engine.Tests.Telemetry;
using Xunit;
using static EcsDiscoverer.Engine.Tests.Support.SampleScenarios;

namespace EcsDiscoverer.Engine.Tests.Output;

/// <summary>
/// Issue 11: the seed's <c>FILENAME_*</c> settings name the five files (Output), wherever the files are written, read
/// back (R10), counted (the <c>file</c> label) or reported.
/// </summary>
public class OutputFileNamesTests
{
    // A seed user's names: every interval's file renamed.
    private static readonly (string Key, string Name)[] Custom =
    {
        ("FILENAME_GENERIC", "ecs-default.json"), ("FILENAME_15S", "ecs-15s.json"), ("FILENAME_30S", "ecs-30s.json"),
        ("FILENAME_1M", "ecs-1m.json"), ("FILENAME_5M", "ecs-5m.json"),
    };

    private static OutputFileNames CustomNames() =>
        Custom.Aggregate(OutputFileNames.Default, (names, c) => names.With(IntervalOf(c.Key), c.Name));

    private static ScrapeInterval IntervalOf(string key) => ScrapeIntervals.All.Single(i => OutputFileNames.SettingKey(i) == key);

    [Theory(DisplayName = "Output: one file per interval, the seed's names by default")]
    [InlineData(ScrapeInterval.Generic, "tasks.json", "FILENAME_GENERIC")]
    [InlineData(ScrapeInterval.Seconds15, "15s-tasks.json", "FILENAME_15S")]
    [InlineData(ScrapeInterval.Seconds30, "30s-tasks.json", "FILENAME_30S")]
    [InlineData(ScrapeInterval.Minute1, "1m-tasks.json", "FILENAME_1M")]
    [InlineData(ScrapeInterval.Minutes5, "5m-tasks.json", "FILENAME_5M")]
    public void Defaults(ScrapeInterval interval, string file, string key)
    {
        Assert.Equal(file, OutputFileNames.Default.Of(interval));
        Assert.Equal(key, OutputFileNames.SettingKey(interval));
        Assert.Equal(file, SettingDefinitions.Find(key)!.DefaultText);
        Assert.Equal(file, new SettingsCase().Resolve().Settings.OutputFiles.Of(interval));
    }

    [Fact(DisplayName = "Output: FILENAME_* from the settings file and from DYNACONF_/PROMED_ variables, as the seed's users set them")]
    public void FromEverySource()
    {
        var resolved = new SettingsCase()
            .File("filename_15s", "fast.json")
            .Env("DYNACONF_FILENAME_30S", "\"medium.json\"")
            .Env("PROMED_FILENAME_1M", "slow.json")
            .Env("DYNACONF_FILENAME_GENERIC", " generic.json ")
            .Resolve();

        var names = resolved.Settings.OutputFiles;
        Assert.Equal(new[] { "generic.json", "fast.json", "medium.json", "slow.json", "5m-tasks.json" }, names.All);
        Assert.Empty(resolved.Warnings);
        Assert.Equal(SettingOrigin.File(SettingsCase.FilePath), resolved.Origins["FILENAME_15S"]);
        Assert.Equal(SettingOrigin.Environment("PROMED_FILENAME_1M"), resolved.Origins["FILENAME_1M"]);
        Assert.Equal(SettingOrigin.Default, resolved.Origins["FILENAME_5M"]);
    }

    [Theory(DisplayName = "Output: a FILENAME_* value is a plain file name in OUTPUT_DIRECTORY")]
    [InlineData("FILENAME_GENERIC", "ecs.json", null)]
    [InlineData("FILENAME_15S", "ecs targets 15s.json", null)]
    [InlineData("FILENAME_30S", "30s_tasks", null)]
    [InlineData("FILENAME_1M", "sub/1m-tasks.json", "has a directory in it: the files are written to OUTPUT_DIRECTORY: give a plain file name such as 1m-tasks.json")]
    [InlineData("FILENAME_1M", "/etc/prometheus/1m.json", "has a directory in it: the files are written to OUTPUT_DIRECTORY: give a plain file name such as 1m-tasks.json")]
    [InlineData("FILENAME_5M", "..\\5m.json", "has a directory in it: the files are written to OUTPUT_DIRECTORY: give a plain file name such as 5m-tasks.json")]
    [InlineData("FILENAME_GENERIC", "..", "names a directory, not a file: give a plain file name such as tasks.json")]
    [InlineData("FILENAME_GENERIC", ".", "names a directory, not a file: give a plain file name such as tasks.json")]
    [InlineData("FILENAME_15S", ".15s-tasks.json", "starts with '.', which marks the temporary files written next to the output files: give a plain file name such as 15s-tasks.json")]
    [InlineData("FILENAME_30S", "30s:tasks.json", "has ':', which is not allowed in file names: give a plain file name such as 30s-tasks.json")]
    [InlineData("FILENAME_30S", "tasks?.json", "has '?', which is not allowed in file names: give a plain file name such as 30s-tasks.json")]
    [InlineData("FILENAME_30S", "tasks\t.json", "has a control character, which is not allowed in file names: give a plain file name such as 30s-tasks.json")]
    public void Validation(string key, string value, string? problem)
    {
        var input = new SettingsCase().Env("DYNACONF_" + key, value);
        if (problem is null)
        {
            Assert.Equal(value, input.Resolve().Settings.OutputFiles.Of(IntervalOf(key)));
            return;
        }

        var error = Assert.Throws<SettingsException>(input.Resolve);
        Assert.Equal($"{key} '{value}' from environment DYNACONF_{key} {problem}.", error.Message);
        Assert.Equal(key, error.Key);
    }

    [Fact(DisplayName = "Output: an empty FILENAME_* in the settings file is an error, not a nameless file")]
    public void EmptyInFile() =>
        Assert.Equal(
            $"FILENAME_5M '' from settings file {SettingsCase.FilePath} is empty: give a file name such as 5m-tasks.json.",
            new SettingsCase().File("FILENAME_5M", "").Fails());

    [Theory(DisplayName = "Output: the five files have five names, compared ignoring case; a clash names both settings")]
    [InlineData("FILENAME_1M", "tasks.json", "FILENAME_1M 'tasks.json' from environment DYNACONF_FILENAME_1M is the file of FILENAME_GENERIC too (file names are compared ignoring case): give each interval its own file.")]
    [InlineData("FILENAME_GENERIC", "15S-Tasks.JSON", "FILENAME_GENERIC '15S-Tasks.JSON' from environment DYNACONF_FILENAME_GENERIC is the file of FILENAME_15S too (file names are compared ignoring case): give each interval its own file.")]
    public void NamesDiffer(string key, string value, string expected)
    {
        var error = Assert.Throws<SettingsException>(new SettingsCase().Env("DYNACONF_" + key, value).Resolve);
        Assert.Equal(expected, error.Message);
        Assert.Equal(key, error.Key);
    }

    [Fact(DisplayName = "Output: two set names that clash blame the later setting, and a swap of two names is fine")]
    public void TwoSetNames()
    {
        Assert.Equal(
            "FILENAME_30S 'x.json' from environment PROMED_FILENAME_30S is the file of FILENAME_15S too (file names are compared ignoring case): give each interval its own file.",
            new SettingsCase().File("FILENAME_15S", "X.json").Env("PROMED_FILENAME_30S", "x.json").Fails());

        var swapped = new SettingsCase().Env("DYNACONF_FILENAME_15S", "30s-tasks.json").Env("DYNACONF_FILENAME_30S", "15s-tasks.json").Resolve();
        Assert.Equal("30s-tasks.json", swapped.Settings.OutputFiles.Of(ScrapeInterval.Seconds15));
    }

    [Fact(DisplayName = "Output: FILENAME_* are settings now, no longer warned about as seed-only")]
    public void NotSeedOnly() =>
        Assert.DoesNotContain(SeedOnlySettings.Keys, k => k.StartsWith("FILENAME_", StringComparison.Ordinal));

    [Fact(DisplayName = "Output: a round writes, reports and remembers the files under their FILENAME_* names")]
    public async Task RoundWritesCustomNames()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var settings = new DiscoverySettings { OutputDirectory = directory.Path, OutputFiles = CustomNames() };
        var round = new DiscoveryRound(harness.Engine(), harness.Session, new RoundOptions(settings, "us-east-1", oneOff: false), null);

        var report = await round.RunAsync(1, null, new RecordingLoopLog(), default);

        Assert.Equal(RoundResult.Success, report.Result);
        Assert.Equal(Custom.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), Directory.GetFiles(directory.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(Custom.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), report.TargetsByFile.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(11, report.TotalTargets);
        var read = FileSdReader.ReadDirectory(directory.Path, settings.OutputFiles);
        Assert.Equal(11, read.Count);
        Assert.Empty(FileSdReader.ReadDirectory(directory.Path));
        foreach (var (key, name) in Custom)
        {
            Assert.Equal(read.Count(g => g.Interval == IntervalOf(key)), report.TargetsByFile[name]);
        }

        // The next round finds the same targets and the files as it left them (WrittenFiles): nothing to write.
        var again = await round.RunAsync(2, null, new RecordingLoopLog(), default);
        Assert.Equal(report.TargetsByFile, again.TargetsByFile);
    }

    [Fact(DisplayName = "R10: a failed cluster keeps its last good groups, read back from the FILENAME_* files")]
    public async Task FailedClusterKeptFromCustomFiles()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Demo);
        var settings = new DiscoverySettings { OutputDirectory = directory.Path, OutputFiles = CustomNames() };
        DiscoveryRound OneOff() => new(harness.Engine(), harness.Session, new RoundOptions(settings, "us-east-1", oneOff: true), null);
        await OneOff().RunAsync(1, null, new RecordingLoopLog(), default);
        var before = Custom.Select(c => File.ReadAllBytes(Path.Combine(directory.Path, c.Name))).ToList();

        // A new process, so that the last good groups can only come from the files.
        harness.StartNewProcess();
        harness.Server.InjectFault(EmulatorFault.AccessDenied("ecs:ListTasks") with { Cluster = "demo-ec2", Times = null });
        var log = new RecordingLoopLog();
        var report = await OneOff().RunAsync(1, null, log, default);

        Assert.Equal(RoundResult.Partial, report.Result);
        Assert.Equal(before, Custom.Select(c => File.ReadAllBytes(Path.Combine(directory.Path, c.Name))).ToList());
        Assert.Contains(log.Warnings, w => w.Contains("Cluster demo-ec2 failed this round; kept its 10 target group(s)", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(directory.Path, "tasks.json")));
    }

    [Fact(DisplayName = "Output: the file label of ecs_discoverer_targets carries the FILENAME_* names")]
    public void MetricLabel()
    {
        var names = CustomNames();
        var metrics = new DiscoveryMetrics("test", () => Array.Empty<CacheStatistic>(), names);
        var fresh = PrometheusText.Parse(metrics.ToText());
        Assert.Equal(names.All.OrderBy(n => n, StringComparer.Ordinal), fresh.All("ecs_discoverer_targets").Select(s => s.Labels["file"]).OrderBy(n => n, StringComparer.Ordinal));

        metrics.RecordRound(new RoundReport { Result = RoundResult.Success, TargetsByFile = names.All.ToDictionary(n => n, n => n.Length) });
        var text = PrometheusText.Parse(metrics.ToText());
        foreach (var name in names.All)
        {
            Assert.Equal(name.Length, text.Value("ecs_discoverer_targets", "file=" + name));
        }

        Assert.Equal(5, text.All("ecs_discoverer_targets").Count);
    }
}
