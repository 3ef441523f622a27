using System;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>How the engine discovers: the rules, the warm-up pacing of a cold round, and how many clusters at once.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>The rule settings.</summary>
    public RuleSettings Rules { get; set; } = new();

    /// <summary>
    /// WARMUP_THROTTLE: while the caches are cold, space API calls <see cref="WarmupInterval"/> apart.
    /// On by default, as in the seed; only the loop paces (a one-off run wants its answer now).
    /// </summary>
    public bool WarmupThrottle { get; set; } = true;

    /// <summary>THROTTLE_INTERVAL_SECONDS: the spacing of warm-up calls.</summary>
    public TimeSpan WarmupInterval { get; set; } = TimeSpan.FromSeconds(0.1);

    /// <summary>Clusters discovered at the same time; the throttle bounds the calls they make together.</summary>
    public int ClusterConcurrency { get; set; } = 4;

    /// <summary>
    /// Whether task tags are read (R16). A run with an event source reads them only with <c>EVENT_TASK_TAGS</c>:
    /// events carry no tags, so a task seen from its event would otherwise need a DescribeTasks for them (R18.3).
    /// </summary>
    public bool ReadTaskTags { get; set; } = true;

    /// <summary>These options with <see cref="ReadTaskTags"/> set to <paramref name="read"/>.</summary>
    public DiscoveryOptions WithReadTaskTags(bool read) => new()
    {
        Rules = Rules,
        WarmupThrottle = WarmupThrottle,
        WarmupInterval = WarmupInterval,
        ClusterConcurrency = ClusterConcurrency,
        ReadTaskTags = read,
    };

    /// <summary>These options without warm-up pacing, for one-off runs.</summary>
    public DiscoveryOptions WithoutWarmup() => new()
    {
        Rules = Rules,
        WarmupThrottle = false,
        WarmupInterval = WarmupInterval,
        ClusterConcurrency = ClusterConcurrency,
        ReadTaskTags = ReadTaskTags,
    };
}
