using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>Tells several observers about each attempt: the session statistics and, in a loop, the self-metrics.</summary>
internal sealed class CompositeAwsCallObserver : IAwsCallObserver
{
    private readonly IReadOnlyList<IAwsCallObserver> _observers;

    /// <summary>Creates the composite; null entries are left out.</summary>
    public CompositeAwsCallObserver(params IAwsCallObserver?[] observers)
    {
        _observers = (observers ?? Array.Empty<IAwsCallObserver?>()).Where(o => o is not null).Select(o => o!).ToList();
    }

    /// <inheritdoc />
    public void OnAttempt(string service, string operation, AwsCallOutcome outcome, TimeSpan duration)
    {
        foreach (var observer in _observers)
        {
            observer.OnAttempt(service, operation, outcome, duration);
        }
    }
}
