using System;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer;

/// <summary>The caches and API calls of one endpoint, region and principal in this session (Get-EcsDiscoveryStatistic).</summary>
public sealed class EcsDiscoveryStatistic
{
    /// <summary>The region.</summary>
    public string Region { get; set; } = "";

    /// <summary>
    /// Whose calls (rule R17): empty for the run's own credentials, else the scope's profile and role
    /// (<c>profile:NAME</c>, <c>role:ARN</c>), whose caches and budgets are kept apart.
    /// </summary>
    public string Principal { get; set; } = "";

    /// <summary>The ECS endpoint.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Task definitions cached.</summary>
    public int TaskDefinitions { get; set; }

    /// <summary>Container instances whose EC2 instance is cached.</summary>
    public int ContainerInstances { get; set; }

    /// <summary>EC2 instances whose private IP is cached.</summary>
    public int InstanceIps { get; set; }

    /// <summary>Complete running tasks cached (not described again while listed).</summary>
    public int Tasks { get; set; }

    /// <summary>API call attempts made in this session, retries included.</summary>
    public long ApiCalls { get; set; }

    /// <summary>Attempts AWS throttled.</summary>
    public long ThrottledCalls { get; set; }

    /// <summary>Each cache's entries, hits and misses.</summary>
    public EcsCacheStatistic[] Caches { get; set; } = Array.Empty<EcsCacheStatistic>();

    /// <summary>Call attempts per operation and outcome.</summary>
    public EcsApiCallStatistic[] Calls { get; set; } = Array.Empty<EcsApiCallStatistic>();

    /// <summary>The client-side buckets of the session's runs (one per AWS throttling group): budget, tokens, waits.</summary>
    public EcsApiBudgetStatistic[] Budgets { get; set; } = Array.Empty<EcsApiBudgetStatistic>();

    internal static EcsDiscoveryStatistic From(DiscoverySession session)
    {
        var caches = session.Caches.Statistics().Select(c => new EcsCacheStatistic { Name = c.Name, Entries = c.Entries, Hits = c.Hits, Misses = c.Misses }).ToArray();
        int Entries(string name) => caches.Where(c => c.Name == name).Select(c => c.Entries).FirstOrDefault();
        return new EcsDiscoveryStatistic
        {
            Region = session.Region,
            Principal = session.Principal,
            Endpoint = session.Endpoint.AbsoluteUri,
            TaskDefinitions = Entries("task_definitions"),
            ContainerInstances = Entries("container_instances"),
            InstanceIps = Entries("instance_ips"),
            Tasks = Entries("tasks"),
            ApiCalls = session.Calls.Total,
            ThrottledCalls = session.Calls.Throttled,
            Caches = caches,
            Calls = session.Calls.Snapshot()
                .GroupBy(c => (c.Service, c.Operation))
                .Select(g => new EcsApiCallStatistic
                {
                    Operation = g.Key.Service + ":" + g.Key.Operation,
                    Ok = g.Where(c => c.Outcome == AwsCallOutcome.Ok).Sum(c => c.Count),
                    Throttled = g.Where(c => c.Outcome == AwsCallOutcome.Throttled).Sum(c => c.Count),
                    Error = g.Where(c => c.Outcome == AwsCallOutcome.Error).Sum(c => c.Count),
                })
                .ToArray(),
            Budgets = session.BudgetStatistics()
                .Select(b => new EcsApiBudgetStatistic
                {
                    Group = b.Group,
                    RequestsPerSecond = b.Budget.RequestsPerSecond,
                    Burst = b.Budget.Burst,
                    TokensAvailable = b.TokensAvailable,
                    Calls = b.Calls,
                    WaitSeconds = b.WaitSeconds,
                })
                .ToArray(),
        };
    }
}
