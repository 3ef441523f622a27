using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Output;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>
/// Issue 3 (configuration): the settings file refuses unknown keys, seed-only settings are warned about and
/// ignored, the seed's container recipe works unchanged, and the defaults are the documented ones.
/// </summary>
public class SettingsSourcesTests
{
    [Fact(DisplayName = "Seed recipe: -e DYNACONF_INTERVAL=1m -e DYNACONF_OUTPUT_DIRECTORY=/targets")]
    public void SeedRecipe()
    {
        var environment = new Dictionary<string, string>
        {
            ["DYNACONF_INTERVAL"] = "1m",
            ["DYNACONF_OUTPUT_DIRECTORY"] = "/targets",
            ["PATH"] = "/usr/bin",
            ["HOSTNAME"] = "abc123",
        };

        var resolved = SettingsResolver.Resolve(new Dictionary<string, object?>(), null, environment);

        Assert.Equal(TimeSpan.FromSeconds(60), resolved.Settings.Interval);
        Assert.Equal("/targets", resolved.Settings.OutputDirectory);
        Assert.Empty(resolved.Warnings);
    }

    [Fact(DisplayName = "Defaults: the seed's where it has the setting; MAX_RETRY_ATTEMPTS 5; no OUTPUT_DIRECTORY")]
    public void Defaults()
    {
        var resolved = new SettingsCase().Resolve();

        Assert.Equal(
            new[]
            {
                "INTERVAL = 15s (default)",
                "OUTPUT_DIRECTORY = /out (environment DYNACONF_OUTPUT_DIRECTORY)",
                "FILENAME_GENERIC = tasks.json (default)",
                "FILENAME_15S = 15s-tasks.json (default)",
                "FILENAME_30S = 30s-tasks.json (default)",
                "FILENAME_1M = 1m-tasks.json (default)",
                "FILENAME_5M = 5m-tasks.json (default)",
                "CLUSTERS = (every cluster) (default)",
                "REGION = (not set) (default)",
                "REGIONS = (REGION, or the SDK's region) (default)",
                "ROLE_ARNS = (none: the run's own credentials) (default)",
                "EXTERNAL_ID = (not set) (default)",
                "ROLE_SESSION_NAME = EcsDiscoverer (default)",
                "SCOPES = (the run's account and regions) (default)",
                "SCOPE_CONCURRENCY = 4 (default)",
                "EVENT_QUEUE_URL = (not set) (default)",
                "RECONCILE_INTERVAL = 5m (default)",
                "EVENT_TASK_TAGS = false (default)",
                "PROFILE_NAME = (not set) (default)",
                "ENDPOINT_URL = (not set) (default)",
                "CACHE_PATH = (not set) (default)",
                "WARMUP_THROTTLE = true (default)",
                "THROTTLE_INTERVAL_SECONDS = 0.1 (default)",
                "API_SHARE = 0.5 (default)",
                "API_REQUESTS_PER_SECOND = (per group) (default)",
                "API_BURST = (per group) (default)",
                "API_GROUP_BUDGETS = (none) (default)",
                "MAX_RETRY_ATTEMPTS = 5 (default)",
                "PROMETHEUS_START_HTTP_SERVER = true (default)",
                "PROMETHEUS_SERVER_ADDRESS = 127.0.0.1 (default)",
                "PROMETHEUS_SERVER_PORT = 8080 (default)",
                "READY_MAX_AGE = (3 intervals, at least 1m) (default)",
                "SERVER_BEARER_TOKEN_FILE = (not set) (default)",
                "SERVER_BEARER_TOKEN = (not set) (default)",
                "SERVER_BASIC_AUTH_USERNAME = (not set) (default)",
                "SERVER_BASIC_AUTH_PASSWORD_FILE = (not set) (default)",
                "SERVER_BASIC_AUTH_PASSWORD = (not set) (default)",
                "SERVER_TLS_CERT_FILE = (not set) (default)",
                "SERVER_TLS_KEY_FILE = (not set) (default)",
                "METRICS_FILE = (not set) (default)",
                "MAX_TARGET_DROP = (off) (default)",
                "TARGET_DROP_ROUNDS = 3 (default)",
                "FALLBACK_METRICS_ENDPOINT = /metrics (default)",
                "DEFAULT_INTERVAL = generic (default)",
                "CONVENTIONS = prometheus, promed (default)",
                "MARKER = PROMETHEUS_TARGET (default)",
                "MARKER_TYPE = environment (default)",
                "CUSTOM_LABELS_KEY = promed.custom_labels (default)",
                "WITH_DOCKER_LABELS = false (default)",
                "DOCKER_LABEL_FILTER = (not set) (default)",
                "LABEL_STYLE = seed (default)",
                "CUSTOM_LABEL_PREFIX = PROMETHEUS_LABEL_ (default)",
                "TAGS_TO_LABELS = (none) (default)",
                "LABELNAME_CLUSTER = cluster (default)",
                "LABELNAME_TASKVERSION = task_version (default)",
                "LABELNAME_TASKID = task_id (default)",
                "LABELNAME_CONTAINERID = container_id (default)",
                "LABELNAME_INSTANCEID = instance_id (default)",
                "SCOPE_LABELS = false (default)",
                "ADDRESS_FAMILY = ipv4-preferred (default)",
            },
            resolved.Describe());
        Assert.Empty(resolved.Warnings);
    }

    [Fact(DisplayName = "Describe: each line says where the value came from")]
    public void DescribeOrigins()
    {
        var lines = new SettingsCase()
            .Parameter("INTERVAL", TimeSpan.FromSeconds(90))
            .File("CLUSTERS", new object[] { "prod-eu", "prod-us" })
            .Env("PROMED_THROTTLE_INTERVAL_SECONDS", "250ms")
            .Resolve()
            .Describe();

        Assert.Contains("INTERVAL = 1m30s (parameter -Interval)", lines);
        Assert.Contains($"CLUSTERS = prod-eu, prod-us (settings file {SettingsCase.FilePath})", lines);
        Assert.Contains("THROTTLE_INTERVAL_SECONDS = 0.25 (environment PROMED_THROTTLE_INTERVAL_SECONDS)", lines);
    }

    [Fact(DisplayName = "Describe: credentials in a URL are never printed")]
    public void DescribeMasksCredentials()
    {
        var lines = new SettingsCase().Env("DYNACONF_ENDPOINT_URL", "http://user:secret@localhost:4566").Resolve().Describe();

        Assert.Contains("ENDPOINT_URL = http://****@localhost:4566 (environment DYNACONF_ENDPOINT_URL)", lines);
        Assert.DoesNotContain(lines, line => line.Contains("secret"));
    }

    [Fact(DisplayName = "issue 13: the server's token and password are masked in the listing; an unset one shows as unset")]
    public void DescribeMasksServerSecrets()
    {
        var lines = new SettingsCase()
            .Env("DYNACONF_SERVER_BEARER_TOKEN", "tok3n-value")
            .File("SERVER_BASIC_AUTH_USERNAME", "prometheus")
            .Resolve()
            .Describe();

        Assert.Contains("SERVER_BEARER_TOKEN = **** (environment DYNACONF_SERVER_BEARER_TOKEN)", lines);
        Assert.Contains("SERVER_BASIC_AUTH_PASSWORD = (not set) (default)", lines);
        Assert.DoesNotContain(lines, line => line.Contains("tok3n"));
    }

    [Fact(DisplayName = "Settings file: an unknown key is an error naming the key, the file and the close matches")]
    public void UnknownKeyWithSuggestion()
    {
        var error = Assert.Throws<SettingsException>(() => new SettingsCase().File("INTERVALL", "1m").Resolve());

        Assert.Equal($"Unknown setting 'INTERVALL' in settings file {SettingsCase.FilePath}: did you mean INTERVAL?", error.Message);
        Assert.Equal("INTERVALL", error.Key);
        Assert.Equal(SettingSource.SettingsFile, error.Origin!.Source);
    }

    [Fact(DisplayName = "Settings file: an unknown key without a close match lists the settings")]
    public void UnknownKeyWithoutSuggestion()
    {
        var message = new SettingsCase().File("COLOUR", "blue").Fails();

        Assert.StartsWith($"Unknown setting 'COLOUR' in settings file {SettingsCase.FilePath}. The settings are: INTERVAL, OUTPUT_DIRECTORY, ", message);
        Assert.EndsWith("LABELNAME_INSTANCEID, SCOPE_LABELS, ADDRESS_FAMILY.", message);
    }

    [Fact(DisplayName = "Settings file: several unknown keys are reported together")]
    public void SeveralUnknownKeys()
    {
        var message = new SettingsCase().File("CLUSTER", "a").File("OutputDirectory", "/x").File("DYNACONF_REGION", "eu-west-1").Fails();

        Assert.Equal(
            $"Unknown settings in settings file {SettingsCase.FilePath}: 'CLUSTER' (did you mean CLUSTERS?), "
            + "'OutputDirectory' (did you mean OUTPUT_DIRECTORY?), 'DYNACONF_REGION' (did you mean REGION or REGIONS?).",
            message);
    }

    [Fact(DisplayName = "Settings file: the same key twice in different case is an error")]
    public void DuplicateKey()
    {
        var message = new SettingsCase().File("INTERVAL", "1m").File("interval", "2m").Fails();
        Assert.Equal($"INTERVAL appears twice in settings file {SettingsCase.FilePath} (keys are case-insensitive): keep one.", message);
    }

    [Fact(DisplayName = "Environment: unknown DYNACONF_/PROMED_ variables are ignored silently")]
    public void UnknownVariablesIgnored()
    {
        var resolved = new SettingsCase()
            .Env("DYNACONF_SOMETHING_ELSE", "x")
            .Env("PROMED_COLOUR", "blue")
            .Env("ENV_FOR_DYNACONF", "production")
            .Resolve();

        Assert.Empty(resolved.Warnings);
    }

    [Theory(DisplayName = "issue 12: a DYNACONF_/PROMED_ variable a few letters from a setting warns with the closest key, and is ignored")]
    [InlineData("DYNACONF_INTERVALL", "Environment variable DYNACONF_INTERVALL is not a setting and is ignored: did you mean DYNACONF_INTERVAL?")]
    [InlineData("dynaconf_Intervall", "Environment variable dynaconf_Intervall is not a setting and is ignored: did you mean dynaconf_INTERVAL?")]
    [InlineData("PROMED_OUTPUT_DIRECTROY", "Environment variable PROMED_OUTPUT_DIRECTROY is not a setting and is ignored: did you mean PROMED_OUTPUT_DIRECTORY?")]
    [InlineData("DYNACONF_PROMETHEUS_SERVER_PROT", "Environment variable DYNACONF_PROMETHEUS_SERVER_PROT is not a setting and is ignored: did you mean DYNACONF_PROMETHEUS_SERVER_PORT?")]
    [InlineData("DYNACONF_CLUSTER", "Environment variable DYNACONF_CLUSTER is not a setting and is ignored: did you mean DYNACONF_CLUSTERS?")]
    public void TypoInEnvironment(string name, string expected)
    {
        var resolved = new SettingsCase().Env(name, "1m").Resolve();

        Assert.Equal(new[] { expected }, resolved.Warnings);
        Assert.Equal(TimeSpan.FromSeconds(15), resolved.Settings.Interval);
    }

    [Fact(DisplayName = "issue 12: DYNACONF_/PROMED_ variables far from every key stay silent, even when they contain one")]
    public void FarVariablesSilent()
    {
        var resolved = new SettingsCase()
            .Env("DYNACONF_DATABASE_URL", "postgres://x")
            .Env("DYNACONF_REGION_OF_THE_APP", "x")
            .Env("PROMED_PORT", "9090")
            .Env("DYNACONF_SECRET_KEY", "x")
            .Env("DYNACONF_DEBUG", "true")
            .Resolve();

        Assert.Empty(resolved.Warnings);
    }

    [Theory(DisplayName = "Seed settings EcsDiscoverer does not use: a warning from the file, never an error")]
    [InlineData("LOG_LEVEL", "DEBUG", "Use -Verbose and -Debug for more output.")]
    [InlineData("LOG_JSON", true, "ConvertTo-Json")]
    [InlineData("PRINT_STRUCTS", false, "-IncludeSkipped")]
    [InlineData("BOTO3_DEBUG", true, "AWS SDK for .NET")]
    [InlineData("PROMETHEUS_NAMESPACE", "PrometheusEcsDiscoverer_", "self-metric names are fixed")]
    [InlineData("PROMETHEUS_SUBSYSTEM", "", "self-metric names are fixed")]
    public void SeedOnlyInFile(string key, object value, string hint)
    {
        var resolved = new SettingsCase().File(key.ToLowerInvariant(), value).Resolve();

        var warning = Assert.Single(resolved.Warnings);
        Assert.StartsWith(
            $"{key} from settings file {SettingsCase.FilePath} is a prometheus-ecs-discoverer setting EcsDiscoverer does not use; it is ignored. ",
            warning);
        Assert.Contains(hint, warning);
    }

    [Fact(DisplayName = "Seed settings EcsDiscoverer does not use: a warning from the environment too")]
    public void SeedOnlyInEnvironment()
    {
        var resolved = new SettingsCase()
            .Env("DYNACONF_LOG_LEVEL", "DEBUG")
            .Env("PROMED_LOG_JSON", "true")
            .Resolve();

        Assert.Equal(
            new[]
            {
                "LOG_JSON from environment PROMED_LOG_JSON is a prometheus-ecs-discoverer setting EcsDiscoverer does not use; it is ignored. "
                + "Messages go to the PowerShell streams; the round reports are objects that ConvertTo-Json can turn into JSON.",
                "LOG_LEVEL from environment DYNACONF_LOG_LEVEL is a prometheus-ecs-discoverer setting EcsDiscoverer does not use; it is ignored. "
                + "Use -Verbose and -Debug for more output.",
            },
            resolved.Warnings);
    }

    [Fact(DisplayName = "A seed settings.toml translated to .psd1 resolves, with warnings for what is not used")]
    public void WholeSeedFile()
    {
        var input = new SettingsCase();
        foreach (var (key, value) in SeedSettingsToml)
        {
            input.File(key, value);
        }

        var resolved = input.Resolve();

        Assert.Equal(6, resolved.Warnings.Count);
        Assert.True(resolved.Settings.OutputFiles.SameAs(OutputFileNames.Default));
        Assert.Equal(TimeSpan.FromSeconds(15), resolved.Settings.Interval);
        Assert.Equal("/tmp", resolved.Settings.OutputDirectory);
        Assert.Equal(8, resolved.Settings.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(100), resolved.Settings.Discovery.WarmupInterval);
        Assert.True(resolved.Settings.Metrics.StartServer);
        Assert.Equal(8080, resolved.Settings.Metrics.Port);
    }

    // The seed's settings.toml, every key, with its values as a .psd1 would give them.
    private static readonly (string Key, object Value)[] SeedSettingsToml =
    {
        ("INTERVAL", 15), ("OUTPUT_DIRECTORY", "/tmp"),
        ("LOG_LEVEL", "INFO"), ("LOG_JSON", false), ("PRINT_STRUCTS", false), ("BOTO3_DEBUG", false),
        ("FILENAME_15S", "15s-tasks.json"), ("FILENAME_30S", "30s-tasks.json"), ("FILENAME_1M", "1m-tasks.json"),
        ("FILENAME_5M", "5m-tasks.json"), ("FILENAME_GENERIC", "tasks.json"),
        ("LABELNAME_CLUSTER", "cluster"), ("LABELNAME_TASKVERSION", "task_version"), ("LABELNAME_TASKID", "task_id"),
        ("LABELNAME_CONTAINERID", "container_id"), ("LABELNAME_INSTANCEID", "instance_id"),
        ("PROMETHEUS_NAMESPACE", "PrometheusEcsDiscoverer_"), ("PROMETHEUS_SUBSYSTEM", ""),
        ("PROMETHEUS_START_HTTP_SERVER", true), ("PROMETHEUS_SERVER_PORT", 8080),
        ("WARMUP_THROTTLE", true), ("THROTTLE_INTERVAL_SECONDS", 0.1), ("MAX_RETRY_ATTEMPTS", 8),
        ("CUSTOM_LABEL_PREFIX", "PROMETHEUS_LABEL_"), ("FALLBACK_METRICS_ENDPOINT", "/metrics"),
    };

    [Fact(DisplayName = "Defaults live in DiscoverySettings, and each definition reports its own")]
    public void DefinitionDefaults()
    {
        var defaults = SettingDefinitions.All.ToDictionary(d => d.Key, d => d.DefaultText);
        Assert.Equal("15s", defaults["INTERVAL"]);
        Assert.Equal("(not set)", defaults["OUTPUT_DIRECTORY"]);
        Assert.Equal("5", defaults["MAX_RETRY_ATTEMPTS"]);
        Assert.Equal("0.1", defaults["THROTTLE_INTERVAL_SECONDS"]);
        Assert.Equal("/metrics", defaults["FALLBACK_METRICS_ENDPOINT"]);
    }
}
