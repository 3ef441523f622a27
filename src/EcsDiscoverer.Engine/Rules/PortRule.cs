using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R4: which port to scrape for a marked container; the first rule that applies wins.</summary>
internal static class PortRule
{
    /// <summary>The port when host or awsvpc containers declare no port mapping (R4.2).</summary>
    public const int DefaultPort = 80;

    /// <summary>Resolves the port.</summary>
    /// <param name="prometheusPort"><c>PROMETHEUS_PORT</c>, or null when unset.</param>
    /// <param name="prometheusContainerPort"><c>PROMETHEUS_CONTAINER_PORT</c>, or null when unset.</param>
    /// <param name="mode">The task's network mode.</param>
    /// <param name="portMappings">The container definition's port mappings.</param>
    /// <param name="networkBindings">The running container's bindings.</param>
    public static PortResult Resolve(
        string? prometheusPort,
        string? prometheusContainerPort,
        NetworkMode mode,
        IReadOnlyList<EcsPortMapping>? portMappings,
        IReadOnlyList<EcsNetworkBinding>? networkBindings)
    {
        if (prometheusPort is not null)
        {
            return TryParsePort(prometheusPort, out var port)
                ? PortResult.Found(port)
                : PortResult.Skip(SkipReason.InvalidPort, $"PROMETHEUS_PORT '{Shorten(prometheusPort)}' is not a port number from 1 to 65535");
        }

        if (mode is NetworkMode.Host or NetworkMode.AwsVpc)
        {
            return FromPortMappings(portMappings);
        }

        var bindings = (networkBindings ?? new List<EcsNetworkBinding>()).Where(b => b is not null).ToList();
        if (prometheusContainerPort is not null)
        {
            if (!TryParsePort(prometheusContainerPort, out var containerPort))
            {
                return PortResult.Skip(SkipReason.InvalidPort, $"PROMETHEUS_CONTAINER_PORT '{Shorten(prometheusContainerPort)}' is not a port number from 1 to 65535");
            }

            var matching = bindings.Where(b => b.ContainerPort == containerPort).ToList();
            if (matching.Count == 0)
            {
                return PortResult.Skip(SkipReason.ContainerPortNotBound, $"container port {containerPort} has no host binding");
            }

            return FromBinding(PreferIPv4(matching));
        }

        if (bindings.Count == 0)
        {
            return PortResult.Skip(SkipReason.NoNetworkBinding, "the container has no network bindings");
        }

        // "The first binding", but Docker lists 0.0.0.0 and :: separately for one container port.
        var first = bindings[0];
        return FromBinding(PreferIPv4(bindings.Where(b => b.ContainerPort == first.ContainerPort).ToList()));
    }

    /// <summary>Parses a port number 1-65535: ASCII digits, allowing surrounding whitespace only.</summary>
    public static bool TryParsePort(string? text, out int port)
    {
        port = 0;
        var trimmed = text?.Trim();

        // The digit check is ours because .NET's number parsing ignores trailing NUL characters ("80\0" parses as 80),
        // and R4.1 makes anything but an integer invalid-port.
        if (string.IsNullOrEmpty(trimmed) || !trimmed!.All(c => c is >= '0' and <= '9')
            || !int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            || parsed is < 1 or > 65535)
        {
            return false;
        }

        port = parsed;
        return true;
    }

    private static PortResult FromPortMappings(IReadOnlyList<EcsPortMapping>? portMappings)
    {
        var first = portMappings?.FirstOrDefault(m => m is not null);
        if (first is null)
        {
            return PortResult.Found(DefaultPort);
        }

        // In host and awsvpc modes the host port equals the container port, and ECS may omit it.
        var port = first.HostPort is > 0 ? first.HostPort.Value : first.ContainerPort ?? 0;
        return port is >= 1 and <= 65535
            ? PortResult.Found(port)
            : PortResult.Skip(SkipReason.NoNetworkBinding, "the first port mapping has no usable port");
    }

    private static PortResult FromBinding(EcsNetworkBinding binding) =>
        binding.HostPort is >= 1 and <= 65535
            ? PortResult.Found(binding.HostPort.Value)
            : PortResult.Skip(SkipReason.NoNetworkBinding, $"container port {binding.ContainerPort?.ToString(CultureInfo.InvariantCulture) ?? "?"} is bound to host port {binding.HostPort?.ToString(CultureInfo.InvariantCulture) ?? "none"}");

    private static EcsNetworkBinding PreferIPv4(List<EcsNetworkBinding> bindings) =>
        bindings.FirstOrDefault(b => IsIPv4OrUnspecified(b.BindIP)) ?? bindings[0];

    private static bool IsIPv4OrUnspecified(string? bindIp) =>
        string.IsNullOrEmpty(bindIp) || (IPAddress.TryParse(bindIp, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork);

    private static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 40) + "...";
}
