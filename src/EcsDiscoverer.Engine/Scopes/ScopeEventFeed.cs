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
/// Builds the loop's event source over the run's account-regions (R18): one reader per distinct queue; a scope's own
/// <c>EventQueueUrl</c> is read with that scope's credentials (its role reads its own account's queue), the run's
/// <c>EVENT_QUEUE_URL</c> with the run's own credentials (a hub queue fed by every account's rule); one ledger per
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

            var run = runs[i];
            if (!QueueAddress.TryParse(url, out var address, out var problem))
            {
                throw new SettingsException("EVENT_QUEUE_URL: " + problem);
            }

            // A local endpoint's URL does not name its region: the same URL in two regions is two queues.
            var region = address.Region ?? run.Region;
            if (!clients.TryGetValue(url + "|" + region, out var client))
            {
                // The run's own credentials for the run's queue: a scope's role belongs to another account.
                var target = run.Plan.Scope.EventQueueUrl is null && (run.Plan.Scope.RoleArn is not null || run.Plan.Scope.ProfileName is not null)
                    ? Aws.Connection.AwsConnection.Resolve(settings.Connection.ForScope(null, region))
                    : run.Target;
                var pipeline = new AwsCallPipeline(QueueCalls, new CompositeAwsCallObserver(run.Session.Calls, metrics), null, target.AssumedRole is { } role ? role.ClearCredentials : null);
                client = new SqsQueueClient(address, target.Credentials, region, pipeline);
                clients[url + "|" + region] = client;
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
