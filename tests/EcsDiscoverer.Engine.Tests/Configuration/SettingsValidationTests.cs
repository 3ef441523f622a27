using System;
using System.Collections;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>
/// Issue 3 (configuration): a bad value stops the loop before it starts, with a message naming the setting, the
/// value, where it came from, and what is accepted.
/// </summary>
public class SettingsValidationTests
{
    [Fact(DisplayName = "Bad value: the message names setting, value, origin and what is accepted")]
    public void MessageStyle()
    {
        var message = new SettingsCase().Env("DYNACONF_INTERVAL", "1x").Fails();
        Assert.Equal(
            "INTERVAL '1x' from environment DYNACONF_INTERVAL is not a duration: use seconds (15) or a duration such as 15s or 1m.",
            message);
    }

    [Fact(DisplayName = "Bad value: the exception carries the key and the origin")]
    public void ExceptionCarriesKeyAndOrigin()
    {
        var error = Assert.Throws<SettingsException>(() => new SettingsCase().File("API_BURST", 0).Resolve());
        Assert.Equal("API_BURST", error.Key);
        Assert.Equal(SettingOrigin.File(SettingsCase.FilePath), error.Origin);
    }

    // Through the environment, where every value is text: (key, value, what the message says after the value).
    [Theory(DisplayName = "Bad value from the environment: every limit")]
    [InlineData("INTERVAL", "1x", "is not a duration: use seconds (15) or a duration such as 15s or 1m")]
    [InlineData("INTERVAL", "15S", "is not a duration: use seconds (15) or a duration such as 15s or 1m")]
    [InlineData("INTERVAL", "0", "is out of range: use a duration from 1s to 24h, such as 15s or 1m")]
    [InlineData("INTERVAL", "0.5s", "is out of range: use a duration from 1s to 24h, such as 15s or 1m")]
    [InlineData("INTERVAL", "-5s", "is out of range: use a duration from 1s to 24h, such as 15s or 1m")]
    [InlineData("INTERVAL", "25h", "is out of range: use a duration from 1s to 24h, such as 15s or 1m")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "61", "is out of range: use 0 to 60 seconds, such as 0.1 or 100ms")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "2m", "is out of range: use 0 to 60 seconds, such as 0.1 or 100ms")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "-0.1", "is out of range: use 0 to 60 seconds, such as 0.1 or 100ms")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "fast", "is not a duration: use seconds (15) or a duration such as 15s or 1m")]
    [InlineData("WARMUP_THROTTLE", "maybe", "is not a boolean: use true or false (also 1/0, yes/no, on/off)")]
    [InlineData("WARMUP_THROTTLE", "2", "is not a boolean: use true or false (also 1/0, yes/no, on/off)")]
    [InlineData("PROMETHEUS_START_HTTP_SERVER", "enabled", "is not a boolean: use true or false (also 1/0, yes/no, on/off)")]
    [InlineData("PROMETHEUS_SERVER_PORT", "0", "is out of range: use a port from 1 to 65535")]
    [InlineData("PROMETHEUS_SERVER_PORT", "65536", "is out of range: use a port from 1 to 65535")]
    [InlineData("PROMETHEUS_SERVER_PORT", "-1", "is out of range: use a port from 1 to 65535")]
    [InlineData("PROMETHEUS_SERVER_PORT", "80.5", "is not a whole number: use a port from 1 to 65535")]
    [InlineData("PROMETHEUS_SERVER_PORT", "http", "is not a whole number: use a port from 1 to 65535")]
    [InlineData("PROMETHEUS_SERVER_PORT", "99999999999999999999", "is not a whole number: use a port from 1 to 65535")]
    [InlineData("API_REQUESTS_PER_SECOND", "0", "is out of range: use a number above 0 and at most 1000, such as 10")]
    [InlineData("API_REQUESTS_PER_SECOND", "-1", "is out of range: use a number above 0 and at most 1000, such as 10")]
    [InlineData("API_REQUESTS_PER_SECOND", "1000.5", "is out of range: use a number above 0 and at most 1000, such as 10")]
    [InlineData("API_REQUESTS_PER_SECOND", "fast", "is not a number: use a number above 0 and at most 1000, such as 10")]
    [InlineData("API_REQUESTS_PER_SECOND", "NaN", "is not a number: use a number above 0 and at most 1000, such as 10")]
    [InlineData("API_REQUESTS_PER_SECOND", "Infinity", "is not a number: use a number above 0 and at most 1000, such as 10")]
    [InlineData("API_BURST", "0", "is out of range: use a whole number of at least 1, such as 20")]
    [InlineData("API_BURST", "1.5", "is not a whole number: use a whole number of at least 1, such as 20")]
    [InlineData("MAX_RETRY_ATTEMPTS", "-1", "is out of range: use a whole number from 0 to 20")]
    [InlineData("MAX_RETRY_ATTEMPTS", "21", "is out of range: use a whole number from 0 to 20")]
    [InlineData("MAX_RETRY_ATTEMPTS", "three", "is not a whole number: use a whole number from 0 to 20")]
    [InlineData("FALLBACK_METRICS_ENDPOINT", "metrics", "does not start with '/': use a path such as /metrics")]
    [InlineData("LABELNAME_CLUSTER", "__cluster", "starts with __, which Prometheus reserves for its own labels: use a name such as cluster")]
    [InlineData("LABELNAME_CLUSTER", "1cluster", "is not a valid Prometheus label name: use letters, digits and underscores, not starting with a digit, such as cluster")]
    [InlineData("LABELNAME_TASKVERSION", "task-version", "is not a valid Prometheus label name: use letters, digits and underscores, not starting with a digit, such as task_version")]
    [InlineData("LABELNAME_TASKID", "task id", "is not a valid Prometheus label name: use letters, digits and underscores, not starting with a digit, such as task_id")]
    [InlineData("LABELNAME_CONTAINERID", "container.id", "is not a valid Prometheus label name: use letters, digits and underscores, not starting with a digit, such as container_id")]
    [InlineData("LABELNAME_INSTANCEID", "__meta_instance", "starts with __, which Prometheus reserves for its own labels: use a name such as instance_id")]
    [InlineData("ENDPOINT_URL", "localhost:4566", "is not an absolute http or https URL: use a URL such as http://localhost:4566")]
    [InlineData("ENDPOINT_URL", "ftp://localhost", "is not an absolute http or https URL: use a URL such as http://localhost:4566")]
    [InlineData("ENDPOINT_URL", "/ecs", "is not an absolute http or https URL: use a URL such as http://localhost:4566")]
    [InlineData("CLUSTERS", "a,,b", "has an empty entry: separate cluster names, ARNs or wildcards with single commas")]
    [InlineData("CLUSTERS", "a,", "has an empty entry: separate cluster names, ARNs or wildcards with single commas")]
    [InlineData("CLUSTERS", "[a, , b]", "has an empty entry: separate cluster names, ARNs or wildcards with single commas")]
    public void BadEnvironmentValue(string key, string value, string problem)
    {
        var message = new SettingsCase().Env("DYNACONF_" + key, value).Fails();
        Assert.Equal($"{key} '{value}' from environment DYNACONF_{key} {problem}.", message);
    }

    public static IEnumerable<object?[]> BadFileValues() => new[]
    {
        new object?[] { "INTERVAL", true, "true", "is not a duration: use seconds (15) or a duration such as 15s or 1m" },
        new object?[] { "INTERVAL", 0, "0", "is out of range: use a duration from 1s to 24h, such as 15s or 1m" },
        new object?[] { "THROTTLE_INTERVAL_SECONDS", 60.5, "60.5", "is out of range: use 0 to 60 seconds, such as 0.1 or 100ms" },
        new object?[] { "WARMUP_THROTTLE", 2, "2", "is not a boolean: use true or false (also 1/0, yes/no, on/off)" },
        new object?[] { "WARMUP_THROTTLE", "", "", "is not a boolean: use true or false (also 1/0, yes/no, on/off)" },
        new object?[] { "OUTPUT_DIRECTORY", "", "", "is empty: give the directory the file_sd files are written to" },
        new object?[] { "OUTPUT_DIRECTORY", new object[] { "/a", "/b" }, "/a, /b", "is a list: give text" },
        new object?[] { "OUTPUT_DIRECTORY", new Hashtable { ["a"] = 1 }, "@{...}", "is a hashtable: give text" },
        new object?[] { "REGION", 5, "5", "is not text: put the value in quotes" },
        new object?[] { "CUSTOM_LABEL_PREFIX", " ", " ", "is empty: use a prefix such as PROMETHEUS_LABEL_" },
        new object?[] { "PROMETHEUS_SERVER_ADDRESS", "", "", "is empty: use an address such as 127.0.0.1, or * for every address" },
        new object?[] { "PROMETHEUS_SERVER_PORT", 70000, "70000", "is out of range: use a port from 1 to 65535" },
        new object?[] { "API_BURST", 2.5, "2.5", "is not a whole number: use a whole number of at least 1, such as 20" },
        new object?[] { "MAX_RETRY_ATTEMPTS", 100L, "100", "is out of range: use a whole number from 0 to 20" },
        new object?[] { "API_REQUESTS_PER_SECOND", false, "false", "is not a number: use a number above 0 and at most 1000, such as 10" },
        new object?[] { "CLUSTERS", new object[] { "a", "" }, "a, ", "has an empty entry: separate cluster names, ARNs or wildcards with single commas" },
        new object?[] { "CLUSTERS", new object[] { "a", 5 }, "a, 5", "has an entry that is not text: give cluster names, ARNs or wildcards as text" },
        new object?[] { "CLUSTERS", new Hashtable(), "@{...}", "is a hashtable: give a list" },
        new object?[] { "CLUSTERS", 5, "5", "is not a list" },
        new object?[] { "FALLBACK_METRICS_ENDPOINT", "", "", "is empty: use a path such as /metrics" },
        new object?[] { "LABELNAME_CLUSTER", "", "", "is empty: use a label name such as cluster" },
    };

    [Theory(DisplayName = "Bad value from the settings file: typed values, lists and hashtables")]
    [MemberData(nameof(BadFileValues))]
    public void BadFileValue(string key, object value, string shown, string problem)
    {
        var message = new SettingsCase().File(key, value).Fails();
        Assert.Equal($"{key} '{shown}' from settings file {SettingsCase.FilePath} {problem}.", message);
    }

    [Fact(DisplayName = "Bad value from a parameter names the parameter")]
    public void BadParameterValue()
    {
        Assert.Equal(
            "INTERVAL '0s' from parameter -Interval is out of range: use a duration from 1s to 24h, such as 15s or 1m.",
            new SettingsCase().Parameter("INTERVAL", TimeSpan.Zero).Fails());
        Assert.Equal(
            "PROMETHEUS_SERVER_PORT '70000' from parameter -MetricsPort is out of range: use a port from 1 to 65535.",
            new SettingsCase().Parameter("PROMETHEUS_SERVER_PORT", 70000).Fails());
        Assert.Equal(
            "CLUSTERS 'a, ' from parameter -Cluster has an empty entry: separate cluster names, ARNs or wildcards with single commas.",
            new SettingsCase().Parameter("CLUSTERS", new[] { "a", "" }).Fails());
    }

    [Theory(DisplayName = "Good values at the limits are accepted")]
    [InlineData("INTERVAL", "1s")]
    [InlineData("INTERVAL", "24h")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "0")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "60")]
    [InlineData("THROTTLE_INTERVAL_SECONDS", "250ms")]
    [InlineData("PROMETHEUS_SERVER_PORT", "1")]
    [InlineData("PROMETHEUS_SERVER_PORT", "65535")]
    [InlineData("API_REQUESTS_PER_SECOND", "0.5")]
    [InlineData("API_REQUESTS_PER_SECOND", "1000")]
    [InlineData("API_BURST", "1")]
    [InlineData("MAX_RETRY_ATTEMPTS", "0")]
    [InlineData("MAX_RETRY_ATTEMPTS", "20")]
    [InlineData("FALLBACK_METRICS_ENDPOINT", "/")]
    [InlineData("LABELNAME_CLUSTER", "_cluster")]
    [InlineData("LABELNAME_CLUSTER", "ECS_Cluster")]
    [InlineData("ENDPOINT_URL", "https://ecs.eu-west-1.amazonaws.com")]
    [InlineData("ENDPOINT_URL", "http://127.0.0.1:5000/")]
    [InlineData("WARMUP_THROTTLE", "OFF")]
    [InlineData("WARMUP_THROTTLE", "Yes")]
    public void LimitsAreInclusive(string key, string value) =>
        new SettingsCase().Env("DYNACONF_" + key, value).Resolve();

    [Fact(DisplayName = "THROTTLE_INTERVAL_SECONDS is seconds, or a duration")]
    public void ThrottleInterval()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), new SettingsCase().Env("DYNACONF_THROTTLE_INTERVAL_SECONDS", "0.1").Resolve().Settings.Discovery.WarmupInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), new SettingsCase().Env("DYNACONF_THROTTLE_INTERVAL_SECONDS", "250ms").Resolve().Settings.Discovery.WarmupInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), new SettingsCase().File("THROTTLE_INTERVAL_SECONDS", 2).Resolve().Settings.Discovery.WarmupInterval);
    }

    [Theory(DisplayName = "R7 label names must differ from each other and from instance, job and metrics_path")]
    [InlineData("LABELNAME_TASKID", "cluster", "LABELNAME_TASKID 'cluster' from environment DYNACONF_LABELNAME_TASKID is the name of LABELNAME_CLUSTER too: give each label its own name.")]
    [InlineData("LABELNAME_CLUSTER", "task_id", "LABELNAME_CLUSTER 'task_id' from environment DYNACONF_LABELNAME_CLUSTER is the name of LABELNAME_TASKID too: give each label its own name.")]
    [InlineData("LABELNAME_CLUSTER", "job", "LABELNAME_CLUSTER 'job' from environment DYNACONF_LABELNAME_CLUSTER is the name of the job label too: give each label its own name.")]
    [InlineData("LABELNAME_INSTANCEID", "instance", "LABELNAME_INSTANCEID 'instance' from environment DYNACONF_LABELNAME_INSTANCEID is the name of the instance label too: give each label its own name.")]
    [InlineData("LABELNAME_CONTAINERID", "metrics_path", "LABELNAME_CONTAINERID 'metrics_path' from environment DYNACONF_LABELNAME_CONTAINERID is the name of the metrics_path label too: give each label its own name.")]
    public void LabelNamesDiffer(string key, string value, string expected) =>
        Assert.Equal(expected, new SettingsCase().Env("DYNACONF_" + key, value).Fails());

    [Fact(DisplayName = "OUTPUT_DIRECTORY has no default: resolving without it says how to give it")]
    public void OutputDirectoryRequired()
    {
        var error = Assert.Throws<SettingsException>(() => new SettingsCase().WithoutEnv("DYNACONF_OUTPUT_DIRECTORY").Resolve());
        Assert.Equal(
            "OUTPUT_DIRECTORY is not set: give the directory the file_sd files are written to with -Path, OUTPUT_DIRECTORY in the settings file, or the environment variable DYNACONF_OUTPUT_DIRECTORY.",
            error.Message);
        Assert.Equal("OUTPUT_DIRECTORY", error.Key);
    }

    [Fact(DisplayName = "OUTPUT_DIRECTORY: an empty environment variable is not a way around the requirement")]
    public void EmptyOutputDirectoryVariable()
    {
        var message = new SettingsCase().WithoutEnv("DYNACONF_OUTPUT_DIRECTORY").Env("DYNACONF_OUTPUT_DIRECTORY", " ").Fails();
        Assert.StartsWith("OUTPUT_DIRECTORY is not set:", message);
    }

    [Fact(DisplayName = "Credentials in a URL are masked in messages")]
    public void MasksCredentialsInMessages()
    {
        var message = new SettingsCase().Env("DYNACONF_ENDPOINT_URL", "ftp://admin:hunter2@localhost").Fails();
        Assert.DoesNotContain("hunter2", message);
        Assert.StartsWith("ENDPOINT_URL 'ftp://****@localhost' from environment DYNACONF_ENDPOINT_URL", message);
    }
}
