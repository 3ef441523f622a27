using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Rules.Conventions;
using EcsDiscoverer.Engine.Scopes;
using EcsDiscoverer.Engine.Telemetry;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// The one table of settings: key, parameter, type, limits, and the <see cref="DiscoverySettings"/> property each one
/// sets. Defaults are not repeated here; they are the initial values of <see cref="DiscoverySettings"/> and its option objects.
/// The cmdlets map their bound parameters through <see cref="SettingDefinition.ParameterName"/>, never by hand.
/// docs/configuration.md documents this table; a test keeps the two in step.
/// </summary>
public static class SettingDefinitions
{
    private const string NotSet = "(not set)";

    private static readonly Dictionary<string, MarkerSource> MarkerTypes = new(StringComparer.Ordinal)
    {
        ["environment"] = MarkerSource.Environment,
        ["dockerLabels"] = MarkerSource.DockerLabels,
    };

    private static readonly Dictionary<string, ScrapeInterval> DefaultIntervals =
        ScrapeIntervals.All.ToDictionary(ScrapeIntervals.Name, i => i, StringComparer.Ordinal);

    private static readonly Dictionary<string, LabelStyle> LabelStyles = new(StringComparer.Ordinal)
    {
        ["seed"] = LabelStyle.Seed,
        ["meta"] = LabelStyle.Meta,
    };

    /// <summary>Every supported setting, in the order the effective configuration is listed.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } = new[]
    {
        Define(
            "INTERVAL", "Interval", "duration",
            SettingConverters.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), "a duration from 1s to 24h, such as 15s or 1m"),
            s => s.Interval, (s, v) => s.Interval = v, DurationParser.Format),
        Define(
            "OUTPUT_DIRECTORY", "Path", "path",
            SettingConverters.Text("give the directory the file_sd files are written to"),
            s => s.OutputDirectory, (s, v) => s.OutputDirectory = v, Text, isPath: true),
        FileName(ScrapeInterval.Generic),
        FileName(ScrapeInterval.Seconds15),
        FileName(ScrapeInterval.Seconds30),
        FileName(ScrapeInterval.Minute1),
        FileName(ScrapeInterval.Minutes5),
        Define(
            "CLUSTERS", "Cluster", "list",
            SettingConverters.List("cluster names, ARNs or wildcards"),
            s => s.Clusters, (s, v) => s.Clusters = v, v => v.Count == 0 ? "(every cluster)" : string.Join(", ", v)),
        Define(
            "REGION", null, "text",
            SettingConverters.Text(null),
            s => s.Connection.Region, (s, v) => s.Connection.Region = v, Text),
        Define(
            "REGIONS", "Region", "list",
            SettingConverters.List("region names"),
            s => s.Fleet.Regions, (s, v) => s.Fleet.Regions = v, v => v.Count == 0 ? "(REGION, or the SDK's region)" : string.Join(", ", v)),
        Define(
            "ROLE_ARNS", "RoleArn", "list",
            SettingConverters.RoleArns(),
            s => s.Fleet.RoleArns, (s, v) => s.Fleet.RoleArns = v, v => v.Count == 0 ? "(none: the run's own credentials)" : string.Join(", ", v)),
        Define(
            "EXTERNAL_ID", "ExternalId", "text",
            SettingConverters.Text(null),
            s => s.Fleet.ExternalId, (s, v) => s.Fleet.ExternalId = v, v => v is null ? NotSet : "(set)"),
        Define(
            "ROLE_SESSION_NAME", "RoleSessionName", "text",
            SettingConverters.CheckedText("give a session name such as ecs-discoverer", ScopeSettingsReader.SessionNameProblem),
            s => s.Fleet.RoleSessionName, (s, v) => s.Fleet.RoleSessionName = v, v => v ?? Aws.Connection.AssumedRoleCredentials.DefaultSessionName),
        Define(
            "SCOPES", "Scope", "list of scopes",
            SettingConverters.Scopes(),
            s => s.Fleet.Scopes, (s, v) => s.Fleet.Scopes = v, ScopeSettings.Describe),
        Define(
            "SCOPE_CONCURRENCY", null, "whole number",
            SettingConverters.WholeNumber(1, 64, "a whole number from 1 to 64"),
            s => s.Fleet.Concurrency, (s, v) => s.Fleet.Concurrency = v, Invariant),
        Define(
            "EVENT_QUEUE_URL", "EventQueueUrl", "URL",
            SettingConverters.CheckedText("give the URL of the SQS queue that receives the ECS task state change events", Events.EventSettings.QueueUrlProblem),
            s => s.Events.QueueUrl, (s, v) => s.Events.QueueUrl = v, Text),
        Define(
            "RECONCILE_INTERVAL", "ReconcileInterval", "duration",
            SettingConverters.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), "a duration from 1s to 24h, such as 5m"),
            s => s.Events.ReconcileInterval, (s, v) => s.Events.ReconcileInterval = v, DurationParser.Format),
        Define(
            "EVENT_TASK_TAGS", "EventTaskTags", "boolean",
            SettingConverters.Boolean(),
            s => s.Events.TaskTags, (s, v) => s.Events.TaskTags = v, Boolean),
        Define(
            "PROFILE_NAME", "ProfileName", "text",
            SettingConverters.Text(null),
            s => s.Connection.ProfileName, (s, v) => s.Connection.ProfileName = v, Text),
        Define(
            "ENDPOINT_URL", "EndpointUrl", "URL",
            SettingConverters.HttpUrl(),
            s => s.Connection.EndpointUrl, (s, v) => s.Connection.EndpointUrl = v, Text),
        Define(
            "CACHE_PATH", "CachePath", "path",
            SettingConverters.Text(null),
            s => s.CachePath, (s, v) => s.CachePath = v, Text, isPath: true),
        Define(
            "WARMUP_THROTTLE", "NoWarmupThrottle", "boolean",
            SettingConverters.Boolean(),
            s => s.Discovery.WarmupThrottle, (s, v) => s.Discovery.WarmupThrottle = v, Boolean, invertedSwitch: true),
        Define(
            "THROTTLE_INTERVAL_SECONDS", "ThrottleInterval", "seconds",
            SettingConverters.Duration(TimeSpan.Zero, TimeSpan.FromSeconds(60), "0 to 60 seconds, such as 0.1 or 100ms"),
            s => s.Discovery.WarmupInterval, (s, v) => s.Discovery.WarmupInterval = v, Seconds),
        Define(
            "API_SHARE", null, "fraction",
            SettingConverters.Fraction("a fraction above 0 and below 1, such as 0.5 or 50%"),
            s => s.Throttle.Share, (s, v) => s.Throttle.Share = v, Invariant),
        Define(
            "API_REQUESTS_PER_SECOND", "RequestsPerSecond", "number",
            SettingConverters.Number(0, 1000, "a number above 0 and at most 1000, such as 10"),
            s => s.Throttle.RequestsPerSecond, (s, v) => s.Throttle.RequestsPerSecond = v, PerGroup),
        Define(
            "API_BURST", "Burst", "whole number",
            SettingConverters.WholeNumber(1, int.MaxValue, "a whole number of at least 1, such as 20"),
            s => s.Throttle.Burst, (s, v) => s.Throttle.Burst = v, PerGroup),
        Define(
            "API_GROUP_BUDGETS", null, "list",
            SettingConverters.GroupBudgets(),
            s => s.Throttle.Groups, (s, v) => s.Throttle.Groups = v, v => v.Count == 0 ? "(none)" : string.Join(", ", v.Select(g => g.Key + "=" + g.Value))),
        Define(
            "MAX_RETRY_ATTEMPTS", "MaxRetryAttempts", "whole number",
            SettingConverters.WholeNumber(0, 20, "a whole number from 0 to 20"),
            s => s.Retry.MaxRetries, (s, v) => s.Retry.MaxRetries = v, Invariant),
        Define(
            "PROMETHEUS_START_HTTP_SERVER", "NoMetricsServer", "boolean",
            SettingConverters.Boolean(),
            s => s.Metrics.StartServer, (s, v) => s.Metrics.StartServer = v, Boolean, invertedSwitch: true),
        Define(
            "PROMETHEUS_SERVER_ADDRESS", "MetricsAddress", "text",
            SettingConverters.Text("use an address such as 127.0.0.1, or * for every address"),
            s => s.Metrics.Address, (s, v) => s.Metrics.Address = v, Text),
        Define(
            "PROMETHEUS_SERVER_PORT", "MetricsPort", "port",
            SettingConverters.WholeNumber(1, 65535, "a port from 1 to 65535"),
            s => s.Metrics.Port, (s, v) => s.Metrics.Port = v, Invariant),
        Define(
            "READY_MAX_AGE", null, "duration",
            SettingConverters.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), "a duration from 1s to 24h, such as 1m or 5m"),
            s => s.Metrics.ReadyMaxAge, (s, v) => s.Metrics.ReadyMaxAge = v, v => v is null ? MetricsSettings.ReadyMaxAgeDefaultText : DurationParser.Format(v.Value)),
        Define(
            "SERVER_BEARER_TOKEN_FILE", "BearerTokenFile", "path",
            SettingConverters.Text(null),
            s => s.Metrics.Access.BearerTokenFile, (s, v) => s.Metrics.Access.BearerTokenFile = v, Text, isPath: true),
        Define(
            "SERVER_BEARER_TOKEN", null, "secret",
            SettingConverters.Text(null),
            s => s.Metrics.Access.BearerToken, (s, v) => s.Metrics.Access.BearerToken = v, Text, isSecret: true),
        Define(
            "SERVER_BASIC_AUTH_USERNAME", "BasicAuthUserName", "text",
            SettingConverters.Text(null),
            s => s.Metrics.Access.BasicAuthUsername, (s, v) => s.Metrics.Access.BasicAuthUsername = v, Text),
        Define(
            "SERVER_BASIC_AUTH_PASSWORD_FILE", "BasicAuthPasswordFile", "path",
            SettingConverters.Text(null),
            s => s.Metrics.Access.BasicAuthPasswordFile, (s, v) => s.Metrics.Access.BasicAuthPasswordFile = v, Text, isPath: true),
        Define(
            "SERVER_BASIC_AUTH_PASSWORD", null, "secret",
            SettingConverters.Text(null),
            s => s.Metrics.Access.BasicAuthPassword, (s, v) => s.Metrics.Access.BasicAuthPassword = v, Text, isSecret: true),
        Define(
            "SERVER_TLS_CERT_FILE", "TlsCertificateFile", "path",
            SettingConverters.Text(null),
            s => s.Metrics.Access.TlsCertificateFile, (s, v) => s.Metrics.Access.TlsCertificateFile = v, Text, isPath: true),
        Define(
            "SERVER_TLS_KEY_FILE", "TlsKeyFile", "path",
            SettingConverters.Text(null),
            s => s.Metrics.Access.TlsKeyFile, (s, v) => s.Metrics.Access.TlsKeyFile = v, Text, isPath: true),
        Define(
            "METRICS_FILE", "MetricsFile", "path",
            SettingConverters.Text(null),
            s => s.Metrics.File, (s, v) => s.Metrics.File = v, Text, isPath: true),
        Define(
            "MAX_TARGET_DROP", "MaxTargetDrop", "fraction",
            SettingConverters.Fraction("a fraction above 0 and below 1, such as 0.5 or 50%"),
            s => s.ChurnGuard.MaxDrop, (s, v) => s.ChurnGuard.MaxDrop = v, Fraction),
        Define(
            "TARGET_DROP_ROUNDS", "TargetDropRounds", "whole number",
            SettingConverters.WholeNumber(1, 1000, "a whole number from 1 to 1000"),
            s => s.ChurnGuard.Rounds, (s, v) => s.ChurnGuard.Rounds = v, Invariant),
        Define(
            "FALLBACK_METRICS_ENDPOINT", null, "path",
            SettingConverters.MetricsPath(),
            s => s.Discovery.Rules.FallbackMetricsPath, (s, v) => s.Discovery.Rules.FallbackMetricsPath = v, Text),
        Define(
            "DEFAULT_INTERVAL", null, "choice",
            SettingConverters.Choice(DefaultIntervals),
            s => s.Discovery.Rules.DefaultInterval, (s, v) => s.Discovery.Rules.DefaultInterval = v, ScrapeIntervals.Name),
        Define(
            "CONVENTIONS", "Convention", "list",
            SettingConverters.Conventions(),
            s => s.Discovery.Rules.Conventions, (s, v) => s.Discovery.Rules.Conventions = v, v => string.Join(", ", v)),
        Define(
            "MARKER", null, "text",
            SettingConverters.Text("use a variable or docker label name such as PROMETHEUS_TARGET"),
            s => s.Discovery.Rules.Marker, (s, v) => s.Discovery.Rules.Marker = v, Text),
        Define(
            "MARKER_TYPE", null, "choice",
            SettingConverters.Choice(MarkerTypes),
            s => s.Discovery.Rules.MarkerType, (s, v) => s.Discovery.Rules.MarkerType = v, v => MarkerTypes.First(t => t.Value == v).Key),
        Define(
            "CUSTOM_LABELS_KEY", null, "text",
            SettingConverters.Text(null),
            s => s.Discovery.Rules.CustomLabelsKey, (s, v) => s.Discovery.Rules.CustomLabelsKey = v ?? "", v => v.Length == 0 ? NotSet : v),
        Define(
            "WITH_DOCKER_LABELS", null, "boolean",
            SettingConverters.Boolean(),
            s => s.Discovery.Rules.WithDockerLabels, (s, v) => s.Discovery.Rules.WithDockerLabels = v, Boolean),
        Define(
            "DOCKER_LABEL_FILTER", null, "text",
            SettingConverters.Text(null),
            s => s.Discovery.Rules.DockerLabelFilter, (s, v) => s.Discovery.Rules.DockerLabelFilter = v, Text),
        Define(
            "LABEL_STYLE", "LabelStyle", "choice",
            SettingConverters.Choice(LabelStyles),
            s => s.Discovery.Rules.LabelStyle, (s, v) => s.Discovery.Rules.LabelStyle = v, v => LabelStyles.First(t => t.Value == v).Key),
        Define(
            "CUSTOM_LABEL_PREFIX", null, "text",
            SettingConverters.Text("use a prefix such as PROMETHEUS_LABEL_"),
            s => s.Discovery.Rules.LabelVariablePrefix, (s, v) => s.Discovery.Rules.LabelVariablePrefix = v, Text),
        Define(
            "TAGS_TO_LABELS", null, "list",
            SettingConverters.List("tag keys, or * for every tag"),
            s => s.Discovery.Rules.TagsToLabels, (s, v) => s.Discovery.Rules.TagsToLabels = v, v => v.Count == 0 ? "(none)" : string.Join(", ", v)),
        Define(
            "LABELNAME_CLUSTER", null, "label name",
            SettingConverters.LabelName("cluster"),
            s => s.Discovery.Rules.LabelNames.Cluster, (s, v) => s.Discovery.Rules.LabelNames.Cluster = v, Text),
        Define(
            "LABELNAME_TASKVERSION", null, "label name",
            SettingConverters.LabelName("task_version"),
            s => s.Discovery.Rules.LabelNames.TaskVersion, (s, v) => s.Discovery.Rules.LabelNames.TaskVersion = v, Text),
        Define(
            "LABELNAME_TASKID", null, "label name",
            SettingConverters.LabelName("task_id"),
            s => s.Discovery.Rules.LabelNames.TaskId, (s, v) => s.Discovery.Rules.LabelNames.TaskId = v, Text),
        Define(
            "LABELNAME_CONTAINERID", null, "label name",
            SettingConverters.LabelName("container_id"),
            s => s.Discovery.Rules.LabelNames.ContainerId, (s, v) => s.Discovery.Rules.LabelNames.ContainerId = v, Text),
        Define(
            "LABELNAME_INSTANCEID", null, "label name",
            SettingConverters.LabelName("instance_id"),
            s => s.Discovery.Rules.LabelNames.InstanceId, (s, v) => s.Discovery.Rules.LabelNames.InstanceId = v, Text),
        Define(
            "SCOPE_LABELS", "ScopeLabels", "boolean",
            SettingConverters.Boolean(),
            s => s.Discovery.Rules.ScopeLabels, (s, v) => s.Discovery.Rules.ScopeLabels = v, Boolean),
        Define(
            "ADDRESS_FAMILY", null, "choice",
            AddressFamilySetting.Converter(),
            s => s.Discovery.Rules.AddressFamily, (s, v) => s.Discovery.Rules.AddressFamily = v, AddressFamilyPreferences.Name),
    };

    private static readonly Dictionary<string, SettingDefinition> ByKey =
        All.ToDictionary(d => d.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>The setting with this key (any case), or null.</summary>
    public static SettingDefinition? Find(string key) =>
        ByKey.TryGetValue((key ?? throw new ArgumentNullException(nameof(key))).Trim(), out var definition) ? definition : null;

    // FILENAME_GENERIC, FILENAME_15S, ...: the file of one interval, in the output directory.
    private static SettingDefinition FileName(ScrapeInterval interval) =>
        Define(
            OutputFileNames.SettingKey(interval), null, "file name",
            SettingConverters.FileName(OutputFileNames.Default.Of(interval)),
            s => s.OutputFiles.Of(interval), (s, v) => s.OutputFiles = s.OutputFiles.With(interval, v), Text);

    // Converters produce values of exactly T, so the casts in here cannot fail.
    private static SettingDefinition Define<T>(
        string key,
        string? parameterName,
        string typeName,
        SettingConverter convert,
        Func<DiscoverySettings, T> read,
        Action<DiscoverySettings, T> write,
        Func<T, string> format,
        bool isPath = false,
        bool invertedSwitch = false,
        bool isSecret = false) =>
        new(key, parameterName, typeName, convert, s => read(s), (s, v) => write(s, (T)v!), v => format((T)v!), isPath, isSecret, invertedSwitch);

    private static string Text(string? value) => value ?? NotSet;

    private static string Boolean(bool value) => value ? "true" : "false";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static string Fraction(double? value) => value is null ? "(off)" : value.Value.ToString(CultureInfo.InvariantCulture);

    private static string PerGroup(double? value) => value is null ? "(per group)" : Invariant(value.Value);

    private static string PerGroup(int? value) => value is null ? "(per group)" : Invariant(value.Value);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
