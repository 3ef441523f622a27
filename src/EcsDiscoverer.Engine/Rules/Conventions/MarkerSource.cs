namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>Where a convention reads its keys from, in a container definition.</summary>
public enum MarkerSource
{
    /// <summary>The <c>environment</c> array, with the task's overrides applied (R2).</summary>
    Environment,

    /// <summary>The <c>dockerLabels</c> map.</summary>
    DockerLabels,
}
