namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>A container definition's restart policy: ECS restarts the container in place, inside the running task.</summary>
internal sealed class EcsRestartPolicy
{
    /// <summary>Whether the policy is on.</summary>
    public bool? Enabled { get; set; }
}
