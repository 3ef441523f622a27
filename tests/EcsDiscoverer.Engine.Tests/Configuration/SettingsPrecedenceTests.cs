using System;
using System.Linq;
using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>
/// Issue 3 (configuration): parameter &gt; settings file &gt; environment (PROMED_ over DYNACONF_) &gt; default,
/// with the origin of every value kept for verbose output.
/// </summary>
public class SettingsPrecedenceTests
{
    // Each source gives INTERVAL its own value, so the value shows which one won.
    [Theory(DisplayName = "Precedence: parameter > settings file > PROMED_ > DYNACONF_ > default, for each pair of sources")]
    [InlineData("parameter file", 10, "parameter -Interval")]
    [InlineData("parameter promed", 10, "parameter -Interval")]
    [InlineData("parameter dynaconf", 10, "parameter -Interval")]
    [InlineData("file promed", 20, "settings file")]
    [InlineData("file dynaconf", 20, "settings file")]
    [InlineData("promed dynaconf", 30, "environment PROMED_INTERVAL")]
    [InlineData("parameter file promed dynaconf", 10, "parameter -Interval")]
    [InlineData("file promed dynaconf", 20, "settings file")]
    [InlineData("parameter", 10, "parameter -Interval")]
    [InlineData("file", 20, "settings file")]
    [InlineData("promed", 30, "environment PROMED_INTERVAL")]
    [InlineData("dynaconf", 40, "environment DYNACONF_INTERVAL")]
    [InlineData("", 15, "default")]
    public void Precedence(string sources, int expectedSeconds, string expectedOrigin)
    {
        var input = new SettingsCase();
        foreach (var source in sources.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            _ = source switch
            {
                "parameter" => input.Parameter("INTERVAL", TimeSpan.FromSeconds(10)),
                "file" => input.File("INTERVAL", 20),
                "promed" => input.Env("PROMED_INTERVAL", "30s"),
                "dynaconf" => input.Env("DYNACONF_INTERVAL", "40"),
                _ => throw new ArgumentException(source),
            };
        }

        var resolved = input.Resolve();

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), resolved.Settings.Interval);
        var origin = resolved.Origins["INTERVAL"].ToString();
        Assert.Equal(expectedOrigin == "settings file" ? "settings file " + SettingsCase.FilePath : expectedOrigin, origin);
    }

    [Fact(DisplayName = "Precedence: a lower source's bad value does not matter when a higher source wins")]
    public void ShadowedValuesAreNotChecked()
    {
        var resolved = new SettingsCase()
            .Parameter("MAX_RETRY_ATTEMPTS", 3)
            .File("MAX_RETRY_ATTEMPTS", "many")
            .Env("DYNACONF_MAX_RETRY_ATTEMPTS", "-1")
            .Resolve();

        Assert.Equal(3, resolved.Settings.Retry.MaxRetries);
    }

    [Fact(DisplayName = "Precedence: PROMED_ over DYNACONF_ is said in a warning when the two differ")]
    public void PromedOverDynaconfWarns()
    {
        var resolved = new SettingsCase()
            .Env("PROMED_INTERVAL", "30s")
            .Env("DYNACONF_INTERVAL", "1m")
            .Resolve();

        Assert.Equal(TimeSpan.FromSeconds(30), resolved.Settings.Interval);
        Assert.Equal(
            "INTERVAL is taken from environment PROMED_INTERVAL ('30s'); DYNACONF_INTERVAL ('1m') is ignored, since PROMED_ variables take precedence over DYNACONF_ ones.",
            Assert.Single(resolved.Warnings));
    }

    [Fact(DisplayName = "Precedence: PROMED_ and DYNACONF_ with the same value need no warning")]
    public void SameValueNoWarning()
    {
        var resolved = new SettingsCase()
            .Env("PROMED_INTERVAL", "30s")
            .Env("DYNACONF_INTERVAL", "30s")
            .Resolve();

        Assert.Empty(resolved.Warnings);
        Assert.Equal("environment PROMED_INTERVAL", resolved.Origins["INTERVAL"].ToString());
    }

    [Fact(DisplayName = "Precedence: no PROMED_/DYNACONF_ note when a parameter or the file wins anyway")]
    public void NoNoteWhenEnvironmentLoses()
    {
        var resolved = new SettingsCase()
            .File("INTERVAL", "5s")
            .Env("PROMED_INTERVAL", "30s")
            .Env("DYNACONF_INTERVAL", "1m")
            .Resolve();

        Assert.Empty(resolved.Warnings);
    }

    [Fact(DisplayName = "Precedence: a $false in the file beats true in the environment; a parameter beats both")]
    public void BooleansFollowPrecedence()
    {
        var fromFile = new SettingsCase()
            .File("WARMUP_THROTTLE", false)
            .Env("DYNACONF_WARMUP_THROTTLE", "true")
            .Resolve();
        Assert.False(fromFile.Settings.Discovery.WarmupThrottle);

        var fromParameter = new SettingsCase()
            .Parameter("PROMETHEUS_START_HTTP_SERVER", false)
            .File("PROMETHEUS_START_HTTP_SERVER", true)
            .Resolve();
        Assert.False(fromParameter.Settings.Metrics.StartServer);
        Assert.Equal("parameter -NoMetricsServer", fromParameter.Origins["PROMETHEUS_START_HTTP_SERVER"].ToString());
    }

    [Fact(DisplayName = "Keys are case-insensitive in parameters, the file and the environment")]
    public void KeysIgnoreCase()
    {
        var resolved = new SettingsCase()
            .WithoutEnv("DYNACONF_OUTPUT_DIRECTORY")
            .Parameter("regions", new[] { "eu-west-1" })
            .File("Interval", "2m")
            .Env("dynaconf_output_directory", "/targets")
            .Env("Promed_Max_Retry_Attempts", "2")
            .Resolve();

        Assert.Equal(new[] { "eu-west-1" }, resolved.Settings.Fleet.Regions);
        Assert.Equal(TimeSpan.FromMinutes(2), resolved.Settings.Interval);
        Assert.Equal("/targets", resolved.Settings.OutputDirectory);
        Assert.Equal(2, resolved.Settings.Retry.MaxRetries);
        Assert.Equal("environment Promed_Max_Retry_Attempts", resolved.Origins["max_retry_attempts"].ToString());
    }

    [Fact(DisplayName = "Environment: an empty variable counts as not given (a template with nothing to put in)")]
    public void EmptyVariableIsNotGiven()
    {
        var resolved = new SettingsCase()
            .Env("DYNACONF_INTERVAL", "")
            .Env("PROMED_WARMUP_THROTTLE", "  ")
            .Env("DYNACONF_WARMUP_THROTTLE", "false")
            .Resolve();

        Assert.Equal(TimeSpan.FromSeconds(15), resolved.Settings.Interval);
        Assert.Equal(SettingOrigin.Default, resolved.Origins["INTERVAL"]);
        Assert.False(resolved.Settings.Discovery.WarmupThrottle);
    }

    [Fact(DisplayName = "Environment: dynaconf's TOML spelling (quoted strings, arrays) is understood")]
    public void TomlSpelling()
    {
        var resolved = new SettingsCase()
            .WithoutEnv("DYNACONF_OUTPUT_DIRECTORY")
            .Env("DYNACONF_OUTPUT_DIRECTORY", "\"/targets\"")
            .Env("DYNACONF_CLUSTERS", "[\"prod-eu\", 'prod-us', prod-*]")
            .Env("DYNACONF_REGION", "'eu-west-1'")
            .Resolve();

        Assert.Equal("/targets", resolved.Settings.OutputDirectory);
        Assert.Equal(new[] { "prod-eu", "prod-us", "prod-*" }, resolved.Settings.Clusters);
        Assert.Equal("eu-west-1", resolved.Settings.Connection.Region);
    }

    [Fact(DisplayName = "Clusters: comma-separated text, a .psd1 array or a string[] parameter")]
    public void ClusterForms()
    {
        Assert.Equal(new[] { "a", "b" }, new SettingsCase().Env("DYNACONF_CLUSTERS", " a , b ").Resolve().Settings.Clusters);
        Assert.Equal(new[] { "a", "b" }, new SettingsCase().File("CLUSTERS", new object[] { "a", "b" }).Resolve().Settings.Clusters);
        Assert.Equal(new[] { "prod" }, new SettingsCase().File("CLUSTERS", "prod").Resolve().Settings.Clusters);
        Assert.Equal(new[] { "x" }, new SettingsCase().Parameter("CLUSTERS", new[] { "x" }).Resolve().Settings.Clusters);
        Assert.Empty(new SettingsCase().File("CLUSTERS", Array.Empty<object>()).Resolve().Settings.Clusters);
    }

    [Fact(DisplayName = "Settings file: $null means not set here, so the next source applies")]
    public void NullInFileIsNotSet()
    {
        var resolved = new SettingsCase()
            .File("INTERVAL", null)
            .Env("DYNACONF_INTERVAL", "1m")
            .Resolve();

        Assert.Equal(TimeSpan.FromMinutes(1), resolved.Settings.Interval);
        Assert.Equal("environment DYNACONF_INTERVAL", resolved.Origins["INTERVAL"].ToString());
    }

    [Fact(DisplayName = "Settings file: relative paths are relative to the file's directory")]
    public void RelativePathsInFile()
    {
        var directory = System.IO.Path.GetDirectoryName(SettingsCase.FilePath)!;
        var resolved = new SettingsCase()
            .File("OUTPUT_DIRECTORY", "targets")
            .File("CACHE_PATH", "../cache/ecs.json")
            .File("METRICS_FILE", "/var/lib/node_exporter/ecsd.prom")
            .Resolve();

        Assert.Equal(System.IO.Path.Combine(directory, "targets"), resolved.Settings.OutputDirectory);
        Assert.Equal(
            System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, "..", "cache", "ecs.json")),
            resolved.Settings.CachePath);
        Assert.Equal("/var/lib/node_exporter/ecsd.prom", resolved.Settings.Metrics.File);
    }

    [Fact(DisplayName = "Environment and parameters: relative paths are kept for the caller to resolve")]
    public void RelativePathsElsewhere()
    {
        Assert.Equal("targets", new SettingsCase().Env("DYNACONF_OUTPUT_DIRECTORY", "targets").Resolve().Settings.OutputDirectory);
        Assert.Equal("cache.json", new SettingsCase().Parameter("CACHE_PATH", "cache.json").Resolve().Settings.CachePath);
    }

    [Fact(DisplayName = "Rule settings land in DiscoverySettings.Rules")]
    public void RuleSettings()
    {
        var rules = new SettingsCase()
            .File("LABELNAME_CLUSTER", "ecs_cluster")
            .File("LABELNAME_TASKVERSION", "revision")
            .Env("DYNACONF_LABELNAME_TASKID", "ecs_task")
            .Env("DYNACONF_LABELNAME_CONTAINERID", "ecs_container")
            .Env("DYNACONF_LABELNAME_INSTANCEID", "ec2_instance")
            .Env("DYNACONF_FALLBACK_METRICS_ENDPOINT", "/prom")
            .Env("DYNACONF_CUSTOM_LABEL_PREFIX", "LABEL_")
            .Resolve()
            .Settings.Discovery.Rules;

        Assert.Equal("ecs_cluster", rules.LabelNames.Cluster);
        Assert.Equal("revision", rules.LabelNames.TaskVersion);
        Assert.Equal("ecs_task", rules.LabelNames.TaskId);
        Assert.Equal("ecs_container", rules.LabelNames.ContainerId);
        Assert.Equal("ec2_instance", rules.LabelNames.InstanceId);
        Assert.Equal("/prom", rules.FallbackMetricsPath);
        Assert.Equal("LABEL_", rules.LabelVariablePrefix);
    }

    [Fact(DisplayName = "Label names may be swapped, as long as each label keeps its own")]
    public void SwappedLabelNames()
    {
        var names = new SettingsCase()
            .Env("DYNACONF_LABELNAME_CLUSTER", "task_id")
            .Env("DYNACONF_LABELNAME_TASKID", "cluster")
            .Resolve()
            .Settings.Discovery.Rules.LabelNames;

        Assert.Equal(("task_id", "cluster"), (names.Cluster, names.TaskId));
    }

    [Fact(DisplayName = "Parameters: a key that is not a setting with a parameter is a programming error")]
    public void ParameterKeysMustHaveParameters()
    {
        Assert.Throws<ArgumentException>(() => new SettingsCase().Parameter("NOPE", 1).Resolve());
        Assert.Throws<ArgumentException>(() => new SettingsCase().Parameter("LABELNAME_CLUSTER", "c").Resolve());
        Assert.Throws<ArgumentException>(() => new SettingsCase().Parameter("LOG_LEVEL", "DEBUG").Resolve());
    }

    [Fact(DisplayName = "Origins: every supported key has one")]
    public void EveryKeyHasAnOrigin()
    {
        var resolved = new SettingsCase().Resolve();
        Assert.Equal(
            SettingDefinitions.All.Select(d => d.Key).OrderBy(k => k, StringComparer.Ordinal),
            resolved.Origins.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }
}
