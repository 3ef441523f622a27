namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>How many attempts of one operation ended one way.</summary>
public sealed class ApiCallCount
{
    /// <summary>Creates a count.</summary>
    public ApiCallCount(string service, string operation, AwsCallOutcome outcome, long count)
    {
        Service = service;
        Operation = operation;
        Outcome = outcome;
        Count = count;
    }

    /// <summary><c>ecs</c> or <c>ec2</c>.</summary>
    public string Service { get; }

    /// <summary>The API operation, e.g. <c>ListTasks</c>.</summary>
    public string Operation { get; }

    /// <summary>How the attempts ended.</summary>
    public AwsCallOutcome Outcome { get; }

    /// <summary>The number of attempts.</summary>
    public long Count { get; }
}
