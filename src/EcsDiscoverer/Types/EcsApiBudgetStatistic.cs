namespace EcsDiscoverer;

/// <summary>One client-side bucket of API calls (an AWS throttling group): its budget, its tokens, its waits.</summary>
public sealed class EcsApiBudgetStatistic
{
    /// <summary>The AWS throttling group, e.g. <c>ecs-cluster-resource-read</c>.</summary>
    public string Group { get; set; } = "";

    /// <summary>Tokens added per second: the sustained rate discovery may use.</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>The bucket size: calls that may go at once.</summary>
    public int Burst { get; set; }

    /// <summary>Tokens in the bucket now.</summary>
    public long TokensAvailable { get; set; }

    /// <summary>Call attempts that took a token, retries included.</summary>
    public long Calls { get; set; }

    /// <summary>Seconds attempts spent waiting for a token, summed.</summary>
    public double WaitSeconds { get; set; }
}
