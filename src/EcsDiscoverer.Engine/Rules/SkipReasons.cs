using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>The stable names of <see cref="SkipReason"/> values, as users see and metrics label them.</summary>
public static class SkipReasons
{
    /// <summary>Every reason.</summary>
    public static IReadOnlyList<SkipReason> All { get; } = new[]
    {
        SkipReason.NotRunning, SkipReason.InvalidPort, SkipReason.ContainerPortNotBound, SkipReason.NoNetworkBinding,
        SkipReason.NoAddress, SkipReason.NoRuntimeContainer, SkipReason.TaskDefinitionUnavailable, SkipReason.InvalidScheme,
    };

    /// <summary>The kebab-case name, e.g. <c>container-port-not-bound</c>.</summary>
    public static string Name(SkipReason reason) => reason switch
    {
        SkipReason.NotRunning => "not-running",
        SkipReason.InvalidPort => "invalid-port",
        SkipReason.ContainerPortNotBound => "container-port-not-bound",
        SkipReason.NoNetworkBinding => "no-network-binding",
        SkipReason.NoAddress => "no-address",
        SkipReason.NoRuntimeContainer => "no-runtime-container",
        SkipReason.InvalidScheme => "invalid-scheme",
        _ => "task-definition-unavailable",
    };
}
