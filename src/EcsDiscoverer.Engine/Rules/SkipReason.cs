namespace EcsDiscoverer.Engine.Rules;

/// <summary>Why a marked container did not become a target. The wire names are in <see cref="SkipReasons"/>.</summary>
public enum SkipReason
{
    /// <summary>The task is not RUNNING yet (R1); looked at again next round.</summary>
    NotRunning,

    /// <summary><c>PROMETHEUS_PORT</c> or <c>PROMETHEUS_CONTAINER_PORT</c> is not a port number (R4.1).</summary>
    InvalidPort,

    /// <summary>No runtime binding for <c>PROMETHEUS_CONTAINER_PORT</c> (R4.3).</summary>
    ContainerPortNotBound,

    /// <summary>No usable runtime binding, or a host port of 0 (R4.4).</summary>
    NoNetworkBinding,

    /// <summary>No IP address could be found for the task (R5).</summary>
    NoAddress,

    /// <summary>The task definition's container is not among the task's running containers.</summary>
    NoRuntimeContainer,

    /// <summary>The task definition could not be described, so the task's settings are unknown.</summary>
    TaskDefinitionUnavailable,

    /// <summary>A convention's scheme key says neither <c>http</c> nor <c>https</c> (R13.3).</summary>
    InvalidScheme,
}
