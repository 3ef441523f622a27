namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A per-item failure in a Describe* response (e.g. reason <c>MISSING</c>).</summary>
internal sealed class EcsFailure
{
    /// <summary>The ARN that failed.</summary>
    public string? Arn { get; set; }

    /// <summary>Why, e.g. <c>MISSING</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>More detail, when given.</summary>
    public string? Detail { get; set; }
}
