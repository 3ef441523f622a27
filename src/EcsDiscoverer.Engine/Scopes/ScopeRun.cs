using System;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// One account-region, connected: its credentials (a role's, renewed before they expire), its session (caches and
/// call counts, shared with other runs of the same credentials and region in the process), its token buckets and its
/// engine. Everything AWS throttles or caches per account and region lives here, once per scope.
/// </summary>
internal sealed class ScopeRun : IDisposable
{
    private readonly ApiThrottle? _ownThrottle;

    public ScopeRun(
        ScopeRegion plan,
        AwsConnectionTarget target,
        RetrySettings retry,
        DiscoveryOptions options,
        IAwsCallObserver? observer,
        string name)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        Target = target ?? throw new ArgumentNullException(nameof(target));
        Name = name;
        Session = DiscoverySessions.For(target.EcsEndpoint, target.Region, plan.Principal);

        // The session's throttle is shared by every run in the process with the default budgets (AWS's buckets are
        // per account and region, so two runs must draw on one); a run asked for other budgets gets buckets of its own.
        _ownThrottle = Session.Throttle.Settings.SameBudgetsAs(plan.Throttle) ? null : new ApiThrottle(plan.Throttle);
        Throttle = _ownThrottle ?? Session.Throttle;
        Connection = AwsConnection.Open(target, retry, new CompositeAwsCallObserver(Session.Calls, observer), Throttle);
        Engine = new EcsDiscoveryEngine(Connection.Ecs, Connection.Ec2, Session.Caches, options, Throttle);
    }

    /// <summary>What the settings asked for.</summary>
    public ScopeRegion Plan { get; }

    /// <summary>The resolved credentials, region and endpoint.</summary>
    public AwsConnectionTarget Target { get; }

    /// <summary>How messages name this account-region.</summary>
    public string Name { get; }

    /// <summary>The region.</summary>
    public string Region => Target.Region;

    /// <summary>The account, when known before any call (a role ARN names it).</summary>
    public string? Account => Plan.Account;

    /// <summary>The caches and call counts.</summary>
    public DiscoverySession Session { get; }

    /// <summary>The token buckets the calls draw on.</summary>
    public ApiThrottle Throttle { get; }

    /// <summary>The clients.</summary>
    public AwsConnection Connection { get; }

    /// <summary>The discovery over this scope's clients and caches.</summary>
    public EcsDiscoveryEngine Engine { get; }

    /// <summary>What to discover here.</summary>
    public DiscoveryRequest Request => new() { Clusters = Plan.Clusters, Region = Region };

    /// <inheritdoc />
    public void Dispose()
    {
        Connection.Dispose();
        _ownThrottle?.Dispose();
    }
}
