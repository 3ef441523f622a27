using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// One of AWS's request-throttling token buckets, per account and region: the actions that share it, its size (the
/// burst) and its refill rate (the sustained rate), as AWS documents them.
/// </summary>
public sealed class ApiBudgetGroup
{
    internal ApiBudgetGroup(string name, string service, IReadOnlyList<string> operations, int awsBurst, double awsRefillPerSecond)
    {
        Name = name;
        Service = service;
        Operations = operations;
        AwsBurst = awsBurst;
        AwsRefillPerSecond = awsRefillPerSecond;
    }

    /// <summary>The group's name, as settings spell it: <c>ecs-cluster-resource-read</c>.</summary>
    public string Name { get; }

    /// <summary><c>ecs</c> or <c>ec2</c>.</summary>
    public string Service { get; }

    /// <summary>The operations that take tokens from this bucket.</summary>
    public IReadOnlyList<string> Operations { get; }

    /// <summary>AWS's bucket size for the group.</summary>
    public int AwsBurst { get; }

    /// <summary>AWS's refill rate for the group, tokens per second.</summary>
    public double AwsRefillPerSecond { get; }

    /// <summary>Whether <paramref name="operation"/> of <paramref name="service"/> takes its tokens here.</summary>
    public bool Covers(string service, string operation) =>
        string.Equals(service, Service, StringComparison.Ordinal) && (Operations.Count == 0 || Contains(operation));

    private bool Contains(string operation)
    {
        foreach (var candidate in Operations)
        {
            if (string.Equals(candidate, operation, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
