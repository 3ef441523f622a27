using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Rounds;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Telemetry;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Telemetry;

// issue 3 (self-metrics): the loop's own metrics, read back through the text exposition format as Prometheus would.
public class DiscoveryMetricsTests
{
    /// <summary>Every metric family of docs/metrics.md with its type.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Families = new Dictionary<string, string>
    {
        ["ecs_discoverer_round_duration_seconds"] = "histogram",
        ["ecs_discoverer_rounds_total"] = "counter",
        ["ecs_discoverer_round_overruns_total"] = "counter",
        ["ecs_discoverer_targets"] = "gauge",
        ["ecs_discoverer_skipped_containers"] = "gauge",
        ["ecs_discoverer_scope_up"] = "gauge",
        ["ecs_discoverer_scope_targets"] = "gauge",
        ["ecs_discoverer_cluster_failures_total"] = "counter",
        ["ecs_discoverer_target_drops_held_total"] = "counter",
        ["ecs_discoverer_api_requests_total"] = "counter",
        ["ecs_discoverer_api_request_duration_seconds"] = "histogram",
        ["ecs_discoverer_api_budget_tokens"] = "gauge",
        ["ecs_discoverer_api_budget_wait_seconds_total"] = "counter",
        ["ecs_discoverer_cache_entries"] = "gauge",
        ["ecs_discoverer_cache_hits_total"] = "counter",
        ["ecs_discoverer_cache_misses_total"] = "counter",
        ["ecs_discoverer_events_received_total"] = "counter",
        ["ecs_discoverer_events_applied_total"] = "counter",
        ["ecs_discoverer_events_ignored_total"] = "counter",
        ["ecs_discoverer_event_to_write_seconds"] = "histogram",
        ["ecs_discoverer_reconciliations_total"] = "counter",
        ["ecs_discoverer_reconciliation_corrections_total"] = "counter",
        ["ecs_discoverer_event_mode"] = "gauge",
        ["ecs_discoverer_last_success_timestamp_seconds"] = "gauge",
        ["ecs_discoverer_build_info"] = "gauge",
    };

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static DiscoveryMetrics NewMetrics(Func<IReadOnlyList<CacheStatistic>>? caches = null) =>
        new("1.2.3", caches ?? (() => Array.Empty<CacheStatistic>()));

    internal static RoundReport SuccessRound(int round = 1, int generic = 2, int seconds15 = 3) => new()
    {
        Round = round,
        StartedAt = Start.AddSeconds(15 * (round - 1)),
        Duration = TimeSpan.FromSeconds(1.5),
        Result = RoundResult.Success,
        TargetsByFile = new Dictionary<string, int>
        {
            ["tasks.json"] = generic,
            ["15s-tasks.json"] = seconds15,
            ["30s-tasks.json"] = 0,
            ["1m-tasks.json"] = 1,
            ["5m-tasks.json"] = 0,
        },
        SkippedByReason = new Dictionary<string, int> { ["no-address"] = 2, ["not-running"] = 1 },
    };

    private static RoundReport FailedRound(int round, params string[] failedClusters) => new()
    {
        Round = round,
        StartedAt = Start.AddSeconds(15 * (round - 1)),
        Duration = TimeSpan.FromSeconds(4),
        Result = RoundResult.Failed,
        FailedClusters = failedClusters,
        FailureMessage = "every cluster failed",
    };

    private static PrometheusText Scrape(DiscoveryMetrics metrics) => PrometheusText.Parse(metrics.ToText());

    [Fact(DisplayName = "R17: each account-region's state: up with its targets, or down keeping its previous target count")]
    public void ScopeStates()
    {
        var metrics = NewMetrics();
        var up = new EcsDiscoverer.Engine.Scopes.ScopeOutcome("payments", "222222222222", "eu-west-1", 7, null);
        metrics.RecordRound(new RoundReport { Round = 1, StartedAt = Start, Result = RoundResult.Success, Scopes = new[] { up } });
        var down = new EcsDiscoverer.Engine.Scopes.ScopeOutcome("payments", "222222222222", "eu-west-1", 0, new InvalidOperationException("denied"));
        metrics.RecordRound(new RoundReport { Round = 2, StartedAt = Start, Result = RoundResult.Partial, Scopes = new[] { down } });

        var text = Scrape(metrics);
        string[] labels = { "scope=payments", "account=222222222222", "region=eu-west-1" };
        Assert.Equal(0, text.Value("ecs_discoverer_scope_up", labels));
        Assert.Equal(7, text.Value("ecs_discoverer_scope_targets", labels));
    }

    [Fact(DisplayName = "issue 3: a fresh instance exports every metric family with HELP and TYPE, and nothing else")]
    public void FreshHasEveryFamily()
    {
        var text = Scrape(NewMetrics());
        foreach (var family in Families)
        {
            Assert.True(text.Help.TryGetValue(family.Key, out var help) && help.Length > 0, $"HELP of {family.Key}");
            Assert.True(text.Types.TryGetValue(family.Key, out var type), $"TYPE of {family.Key}");
            Assert.Equal(family.Value, type);
        }

        // A custom registry: no process, .NET runtime or prometheus-net debug metrics.
        Assert.Equal(Families.Keys.OrderBy(k => k, StringComparer.Ordinal), text.Types.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact(DisplayName = "issue 3: series known in advance exist at zero from the start; build_info carries the version")]
    public void FreshSeriesAtZero()
    {
        var text = Scrape(NewMetrics());
        foreach (var result in new[] { "success", "partial", "failed" })
        {
            Assert.Equal(0, text.Value("ecs_discoverer_rounds_total", "result=" + result));
        }

        foreach (var interval in ScrapeIntervals.All)
        {
            Assert.Equal(0, text.Value("ecs_discoverer_targets", "file=" + OutputFileNames.Default.Of(interval)));
        }

        Assert.Equal(5, text.All("ecs_discoverer_targets").Count);
        foreach (var reason in SkipReasons.All)
        {
            Assert.Equal(0, text.Value("ecs_discoverer_skipped_containers", "reason=" + SkipReasons.Name(reason)));
        }

        Assert.Equal(SkipReasons.All.Count, text.All("ecs_discoverer_skipped_containers").Count);
        Assert.Equal(0, text.Value("ecs_discoverer_round_overruns_total"));
        Assert.Equal(0, text.Value("ecs_discoverer_round_duration_seconds_count"));
        Assert.Equal(0, text.Value("ecs_discoverer_last_success_timestamp_seconds"));
        Assert.Equal(1, text.Value("ecs_discoverer_build_info", "version=1.2.3"));
    }

    [Fact(DisplayName = "issue 3: a successful round sets the duration, result, targets per file, skipped per reason and the success time")]
    public void SuccessfulRound()
    {
        var metrics = NewMetrics();
        metrics.RecordRound(SuccessRound());
        var text = Scrape(metrics);

        Assert.Equal(1, text.Value("ecs_discoverer_rounds_total", "result=success"));
        Assert.Equal(0, text.Value("ecs_discoverer_rounds_total", "result=partial"));
        Assert.Equal(0, text.Value("ecs_discoverer_rounds_total", "result=failed"));
        Assert.Equal(1, text.Value("ecs_discoverer_round_duration_seconds_count"));
        Assert.Equal(1.5, text.Value("ecs_discoverer_round_duration_seconds_sum"), 9);
        Assert.Equal(0, text.Value("ecs_discoverer_round_duration_seconds_bucket", "le=1"));
        Assert.Equal(1, text.Value("ecs_discoverer_round_duration_seconds_bucket", "le=2.5"));
        Assert.Equal(1, text.Value("ecs_discoverer_round_duration_seconds_bucket", "le=+Inf"));
        Assert.Equal(2, text.Value("ecs_discoverer_targets", "file=tasks.json"));
        Assert.Equal(3, text.Value("ecs_discoverer_targets", "file=15s-tasks.json"));
        Assert.Equal(1, text.Value("ecs_discoverer_targets", "file=1m-tasks.json"));
        Assert.Equal(0, text.Value("ecs_discoverer_targets", "file=5m-tasks.json"));
        Assert.Equal(2, text.Value("ecs_discoverer_skipped_containers", "reason=no-address"));
        Assert.Equal(1, text.Value("ecs_discoverer_skipped_containers", "reason=not-running"));
        Assert.Equal(0, text.Value("ecs_discoverer_skipped_containers", "reason=invalid-port"));
        Assert.Equal(0, text.Value("ecs_discoverer_round_overruns_total"));
        // 2026-01-01T00:00:00Z plus the 1.5 s the round took.
        Assert.Equal(1767225601.5, text.Value("ecs_discoverer_last_success_timestamp_seconds"), 3);
    }

    [Fact(DisplayName = "R11: every round in which the churn guard held a cluster's drop counts for that cluster")]
    public void HeldDropsAreCounted()
    {
        var metrics = NewMetrics();
        var held = SuccessRound(1);
        held.Result = RoundResult.Partial;
        held.HeldClusters = new[] { "prod-eu" };
        metrics.RecordRound(held);
        Assert.Null(Scrape(metrics).Find("ecs_discoverer_target_drops_held_total", "cluster=prod-us"));
        held.Round = 2;
        metrics.RecordRound(held);
        Assert.Equal(2, Scrape(metrics).Value("ecs_discoverer_target_drops_held_total", "cluster=prod-eu"));
    }

    [Fact(DisplayName = "issue 3: counters move across rounds: results, overruns, cluster failures, the duration histogram")]
    public void CountersMoveAcrossRounds()
    {
        var metrics = NewMetrics();
        metrics.RecordRound(SuccessRound(1));
        var first = Scrape(metrics);

        var partial = SuccessRound(2);
        partial.Result = RoundResult.Partial;
        partial.FailedClusters = new[] { "prod-eu" };
        partial.Overran = true;
        partial.Duration = TimeSpan.FromSeconds(20);
        metrics.RecordRound(partial);
        metrics.RecordRound(FailedRound(3, "prod-eu", "prod-us"));
        var third = Scrape(metrics);

        Assert.Equal(1, first.Value("ecs_discoverer_rounds_total", "result=success"));
        Assert.Null(first.Find("ecs_discoverer_cluster_failures_total", "cluster=prod-eu"));
        Assert.Equal(1, third.Value("ecs_discoverer_rounds_total", "result=success"));
        Assert.Equal(1, third.Value("ecs_discoverer_rounds_total", "result=partial"));
        Assert.Equal(1, third.Value("ecs_discoverer_rounds_total", "result=failed"));
        Assert.Equal(1, third.Value("ecs_discoverer_round_overruns_total"));
        Assert.Equal(2, third.Value("ecs_discoverer_cluster_failures_total", "cluster=prod-eu"));
        Assert.Equal(1, third.Value("ecs_discoverer_cluster_failures_total", "cluster=prod-us"));
        Assert.Equal(3, third.Value("ecs_discoverer_round_duration_seconds_count"));
        Assert.Equal(1.5 + 20 + 4, third.Value("ecs_discoverer_round_duration_seconds_sum"), 9);
        Assert.Equal(2, third.Value("ecs_discoverer_round_duration_seconds_bucket", "le=5"));
        // The partial round counts as a success for the timestamp: it ended at 15 s + 20 s.
        Assert.Equal(1767225635, third.Value("ecs_discoverer_last_success_timestamp_seconds"), 3);
    }

    [Fact(DisplayName = "issue 3: a failed round keeps the previous target gauges and success time (the files were not rewritten)")]
    public void FailedRoundKeepsTargets()
    {
        var metrics = NewMetrics();
        metrics.RecordRound(SuccessRound(1, generic: 7, seconds15: 4));
        var before = Scrape(metrics);
        metrics.RecordRound(FailedRound(2, "prod-eu"));
        var after = Scrape(metrics);

        Assert.Equal(7, after.Value("ecs_discoverer_targets", "file=tasks.json"));
        Assert.Equal(4, after.Value("ecs_discoverer_targets", "file=15s-tasks.json"));
        Assert.Equal(1, after.Value("ecs_discoverer_targets", "file=1m-tasks.json"));
        Assert.Equal(
            before.Value("ecs_discoverer_last_success_timestamp_seconds"),
            after.Value("ecs_discoverer_last_success_timestamp_seconds"));
        Assert.Equal(1, after.Value("ecs_discoverer_rounds_total", "result=failed"));
    }

    [Fact(DisplayName = "issue 3: a later successful round replaces every target gauge, down to zero")]
    public void LaterRoundReplacesTargets()
    {
        var metrics = NewMetrics();
        metrics.RecordRound(SuccessRound(1, generic: 7, seconds15: 4));
        metrics.RecordRound(SuccessRound(2, generic: 0, seconds15: 9));
        var text = Scrape(metrics);
        Assert.Equal(0, text.Value("ecs_discoverer_targets", "file=tasks.json"));
        Assert.Equal(9, text.Value("ecs_discoverer_targets", "file=15s-tasks.json"));
    }

    [Fact(DisplayName = "issue 3: every AWS call attempt is counted by service, operation and outcome and timed")]
    public void ApiAttempts()
    {
        var metrics = NewMetrics();
        var observer = metrics;
        observer.OnAttempt("ecs", "ListTasks", AwsCallOutcome.Ok, TimeSpan.FromMilliseconds(40));
        observer.OnAttempt("ecs", "ListTasks", AwsCallOutcome.Throttled, TimeSpan.FromMilliseconds(20));
        observer.OnAttempt("ecs", "ListTasks", AwsCallOutcome.Ok, TimeSpan.FromMilliseconds(40));
        observer.OnAttempt("ec2", "DescribeInstances", AwsCallOutcome.Error, TimeSpan.FromSeconds(3));
        var text = Scrape(metrics);

        Assert.Equal(2, text.Value("ecs_discoverer_api_requests_total", "service=ecs", "operation=ListTasks", "outcome=ok"));
        Assert.Equal(1, text.Value("ecs_discoverer_api_requests_total", "service=ecs", "operation=ListTasks", "outcome=throttled"));
        Assert.Equal(1, text.Value("ecs_discoverer_api_requests_total", "service=ec2", "operation=DescribeInstances", "outcome=error"));
        Assert.Null(text.Find("ecs_discoverer_api_requests_total", "service=ecs", "operation=ListTasks", "outcome=error"));
        Assert.Equal(3, text.Value("ecs_discoverer_api_request_duration_seconds_count", "service=ecs", "operation=ListTasks"));
        Assert.Equal(0.1, text.Value("ecs_discoverer_api_request_duration_seconds_sum", "service=ecs", "operation=ListTasks"), 9);
        Assert.Equal(1, text.Value("ecs_discoverer_api_request_duration_seconds_bucket", "service=ecs", "operation=ListTasks", "le=0.025"));
        Assert.Equal(0, text.Value("ecs_discoverer_api_request_duration_seconds_bucket", "service=ec2", "operation=DescribeInstances", "le=2.5"));
        Assert.Equal(1, text.Value("ecs_discoverer_api_request_duration_seconds_bucket", "service=ec2", "operation=DescribeInstances", "le=5"));
    }

    [Fact(DisplayName = "issue 3: attempts reported from many threads at once are all counted")]
    public void ConcurrentAttempts()
    {
        var metrics = NewMetrics();
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            metrics.OnAttempt("ecs", "DescribeTaskDefinition", i % 4 == 0 ? AwsCallOutcome.Throttled : AwsCallOutcome.Ok, TimeSpan.FromMilliseconds(i % 50)));
        var text = Scrape(metrics);
        Assert.Equal(3000, text.Value("ecs_discoverer_api_requests_total", "service=ecs", "operation=DescribeTaskDefinition", "outcome=ok"));
        Assert.Equal(1000, text.Value("ecs_discoverer_api_requests_total", "service=ecs", "operation=DescribeTaskDefinition", "outcome=throttled"));
        Assert.Equal(4000, text.Value("ecs_discoverer_api_request_duration_seconds_count", "service=ecs", "operation=DescribeTaskDefinition"));
    }

    [Fact(DisplayName = "issue 3: cache metrics mirror the statistics at every collection; the counters never go backwards")]
    public void CacheStatisticsMirrored()
    {
        var current = new List<CacheStatistic>
        {
            new("task_definitions", 3, 5, 2),
            new("instance_ips", 1, 0, 1),
        };
        var metrics = NewMetrics(() => current);

        var first = Scrape(metrics);
        Assert.Equal(3, first.Value("ecs_discoverer_cache_entries", "cache=task_definitions"));
        Assert.Equal(5, first.Value("ecs_discoverer_cache_hits_total", "cache=task_definitions"));
        Assert.Equal(2, first.Value("ecs_discoverer_cache_misses_total", "cache=task_definitions"));
        Assert.Equal(1, first.Value("ecs_discoverer_cache_misses_total", "cache=instance_ips"));

        current = new List<CacheStatistic> { new("task_definitions", 1, 9, 4), new("instance_ips", 1, 2, 1) };
        var second = Scrape(metrics);
        Assert.Equal(1, second.Value("ecs_discoverer_cache_entries", "cache=task_definitions"));
        Assert.Equal(9, second.Value("ecs_discoverer_cache_hits_total", "cache=task_definitions"));
        Assert.Equal(4, second.Value("ecs_discoverer_cache_misses_total", "cache=task_definitions"));
        Assert.Equal(2, second.Value("ecs_discoverer_cache_hits_total", "cache=instance_ips"));

        // A source that starts again from zero (a cache recreated) does not pull a counter down.
        current = new List<CacheStatistic> { new("task_definitions", 0, 1, 0) };
        var third = Scrape(metrics);
        Assert.Equal(0, third.Value("ecs_discoverer_cache_entries", "cache=task_definitions"));
        Assert.Equal(9, third.Value("ecs_discoverer_cache_hits_total", "cache=task_definitions"));
        Assert.Equal(4, third.Value("ecs_discoverer_cache_misses_total", "cache=task_definitions"));
    }

    [Fact(DisplayName = "issue 3: a cache statistics callback that throws does not fail the collection")]
    public void ThrowingCacheCallback()
    {
        var fail = false;
        var metrics = NewMetrics(() => fail ? throw new InvalidOperationException("boom") : new[] { new CacheStatistic("tasks", 2, 3, 4) });
        Scrape(metrics);
        fail = true;
        metrics.RecordRound(SuccessRound());
        var text = Scrape(metrics);
        Assert.Equal(3, text.Value("ecs_discoverer_cache_hits_total", "cache=tasks"));
        Assert.Equal(1, text.Value("ecs_discoverer_rounds_total", "result=success"));
    }

    [Fact(DisplayName = "issue 3: WriteTextAsync and ToText export the same text, and the stream is left open")]
    public async Task WriteTextMatchesToText()
    {
        var metrics = NewMetrics();
        metrics.RecordRound(SuccessRound());
        using var stream = new MemoryStream();
        await metrics.WriteTextAsync(stream, CancellationToken.None);
        Assert.True(stream.CanWrite);
        Assert.Equal(metrics.ToText(), Encoding.UTF8.GetString(stream.ToArray()));
    }
}
