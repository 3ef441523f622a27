using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Aws.Sqs;
using EcsDiscoverer.Engine.Configuration;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Events;
using EcsDiscoverer.Engine.Telemetry;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// Builds the loop's event source over the run's account-regions (R18): one reader per distinct queue, with the
/// credentials of the first scope that names it (a scope's role reads its own account's queue); one ledger per
/// account-region.
/// </summary>
internal static class ScopeEventFeed
{
    // Longer than SQS's longest wait (20 s), so that a long poll is never cut short as a slow call.
    private static readonly RetrySettings QueueCalls = new() { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(45) };

    /// <summary>The feed of <paramref name="runs"/>, each read from the queue at its index of <paramref name="queueUrls"/> (null: polled).</summary>
    public static EventFeed Open(IReadOnlyList<ScopeRun> runs, FleetDiscovery fleet, IReadOnlyList<string?> queueUrls, DiscoverySettings settings, DiscoveryMetrics? metrics)
    {
        var clients = new Dictionary<string, IQueueApi>(StringComparer.Ordinal);
        var queueOf = new List<IQueueApi?>();
        for (var i = 0; i < runs.Count; i++)
        {
            var url = queueUrls[i];
            if (url is null)
            {
                queueOf.Add(null);
                continue;
            }

            if (!clients.TryGetValue(url, out var client))
            {
                var run = runs[i];
                if (!QueueAddress.TryParse(url, out var address, out var problem))
                {
                    throw new SettingsException("EVENT_QUEUE_URL: " + problem);
                }

                var pipeline = new AwsCallPipeline(QueueCalls, new CompositeAwsCallObserver(run.Session.Calls, metrics), null, run.Target.AssumedRole is { } role ? role.ClearCredentials : null);
                client = new SqsQueueClient(address, run.Target.Credentials, run.Region, pipeline);
                clients[url] = client;
            }

            queueOf.Add(client);
            metrics?.DeclareEventScope(runs[i].Name);
        }

        var members = runs.Select((run, index) => new EventMember(
            run.Name,
            run.Region,
            () => fleet.AccountOf(index),
            run.Plan.Clusters.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new ClusterPattern(c)).ToList(),
            new TaskEventLedger(),
            run.Session.Caches)).ToList();
        return new EventFeed(members, queueOf, settings.Interval, settings.Events.ReconcileInterval, metrics);
    }
}
