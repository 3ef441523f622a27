using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// Hands each event to the account-region of the run it belongs to (R18.1): by the event's account and region, then
/// the scope's cluster selection. One queue may carry the events of several scopes (a hub queue fed by every account's
/// rule), so every reader routes through the whole run's scopes.
/// </summary>
internal sealed class EventRouter
{
    private readonly IReadOnlyList<EventMember> _members;

    public EventRouter(IReadOnlyList<EventMember> members)
    {
        _members = members ?? throw new ArgumentNullException(nameof(members));
    }

    /// <summary>
    /// Applies <paramref name="ecsEvent"/> to its scope: a task event waits in the scope's ledger for the next round; a
    /// container instance event teaches the cache its EC2 instance (a task on it then needs no
    /// DescribeContainerInstances). Returns the scope's index and why the event changed nothing (null: applied).
    /// </summary>
    public (int Member, EventIgnoreReason? Ignored, string Detail) Route(EcsEvent ecsEvent)
    {
        if (ecsEvent is null)
        {
            throw new ArgumentNullException(nameof(ecsEvent));
        }

        var index = MemberOf(ecsEvent);
        if (index < 0)
        {
            return (-1, EventIgnoreReason.Foreign, $"an event of account {ecsEvent.Account}, region {ecsEvent.Region}, which no scope of this run covers");
        }

        var member = _members[index];
        if (!Selects(member.Clusters, ecsEvent.ClusterArn))
        {
            return (index, EventIgnoreReason.Foreign, $"an event of cluster {ArnParts.ClusterName(ecsEvent.ClusterArn)}, which {member.Name} does not select");
        }

        if (ecsEvent.ContainerInstance is { } instance)
        {
            if (!string.IsNullOrEmpty(instance.Ec2InstanceId))
            {
                member.Caches.Ec2InstanceIds.Set(instance.ContainerInstanceArn!, instance.Ec2InstanceId!);
            }

            return (index, null, "");
        }

        return (index, member.Ledger.Offer(ecsEvent), "");
    }

    /// <summary>Whether a cluster selection (R12) takes the cluster: every cluster when empty, else one pattern matches.</summary>
    internal static bool Selects(IReadOnlyList<ClusterPattern> patterns, string clusterArn) =>
        patterns.Count == 0 || patterns.Any(p => p.Matches(clusterArn, ArnParts.ClusterName(clusterArn)));

    // The scope of the event's region whose account is the event's; a scope whose account is not known yet (the run's
    // own credentials before their first answer) takes what no other scope of that region claims.
    private int MemberOf(EcsEvent ecsEvent)
    {
        var unknown = -1;
        for (var i = 0; i < _members.Count; i++)
        {
            var member = _members[i];
            if (ecsEvent.Region.Length > 0 && !string.Equals(member.Region, ecsEvent.Region, StringComparison.Ordinal))
            {
                continue;
            }

            var account = member.Account();
            if (account is null || ecsEvent.Account.Length == 0)
            {
                unknown = unknown < 0 ? i : unknown;
            }
            else if (string.Equals(account, ecsEvent.Account, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return unknown;
    }
}

/// <summary>One account-region of a run, as the event source sees it.</summary>
internal sealed record EventMember(
    string Name,
    string Region,
    Func<string?> Account,
    IReadOnlyList<ClusterPattern> Clusters,
    TaskEventLedger Ledger,
    DiscoveryCaches Caches);
