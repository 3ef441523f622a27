namespace EcsDiscoverer;

/// <summary>Call attempts of one API operation by outcome.</summary>
public sealed class EcsApiCallStatistic
{
    /// <summary><c>service:Operation</c>, e.g. <c>ecs:ListTasks</c>.</summary>
    public string Operation { get; set; } = "";

    /// <summary>Attempts that succeeded.</summary>
    public long Ok { get; set; }

    /// <summary>Attempts AWS throttled.</summary>
    public long Throttled { get; set; }

    /// <summary>Attempts that failed otherwise.</summary>
    public long Error { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Operation}: {Ok} ok, {Throttled} throttled, {Error} error(s)";
}
