using System;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>Told about every attempt of every AWS call: the source of call counts and API metrics.</summary>
internal interface IAwsCallObserver
{
    /// <summary>One attempt of <paramref name="service"/>:<paramref name="operation"/> ended.</summary>
    void OnAttempt(string service, string operation, AwsCallOutcome outcome, TimeSpan duration);
}
