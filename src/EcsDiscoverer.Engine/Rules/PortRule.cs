using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules.Conventions;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R4 and R13.1: which port(s) to scrape for a marked container; the first rule that applies wins.</summary>
internal static class PortRule
{
    /// <summary>The port when host or awsvpc containers declare no port mapping (R4.2).</summary>
    public const int DefaultPort = 80;

    /// <summary>Resolves the port of <c>PROMETHEUS_PORT</c> / <c>PROMETHEUS_CONTAINER_PORT</c> values, one port each.</summary>
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
        IReadOnlyList<EcsNetworkBinding>? networkBindings) =>
        ResolveAll(
            new ScrapeSpec { Ports = prometheusPort, PortKey = "PROMETHEUS_PORT", ContainerPorts = prometheusContainerPort, ContainerPortKey = "PROMETHEUS_CONTAINER_PORT" },
            mode,
            portMappings,
            networkBindings)[0];

    /// <summary>
    /// R4 and R13.1: the ports of one key set, one result per listed port (a port list is comma-separated), or the
    /// one port R4.2 or R4.4 gives when the set lists none.
    /// </summary>
    public static IReadOnlyList<PortResult> ResolveAll(
        ScrapeSpec spec,
        NetworkMode mode,
        IReadOnlyList<EcsPortMapping>? portMappings,
        IReadOnlyList<EcsNetworkBinding>? networkBindings)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        var bindings = (networkBindings ?? new List<EcsNetworkBinding>()).Where(b => b is not null).ToList();
        if (spec.Ports is not null)
        {
            // R4.1 for a scrape port; a docker-label container port is R4.3 in bridge mode and the port itself elsewhere.
            var inBridge = spec.PortMeaning == PortMeaning.ContainerPort && mode is not (NetworkMode.Host or NetworkMode.AwsVpc);
            return List(spec.Ports, spec.PortKey, port => inBridge ? FromContainerPort(bindings, port) : PortResult.Found(port));
        }

        if (mode is NetworkMode.Host or NetworkMode.AwsVpc)
        {
            return new[] { FromPortMappings(portMappings) };
        }

        if (spec.ContainerPorts is not null)
        {
            return List(spec.ContainerPorts, spec.ContainerPortKey, port => FromContainerPort(bindings, port));
        }

        if (bindings.Count == 0)
        {
            return new[] { PortResult.Skip(SkipReason.NoNetworkBinding, "the container has no network bindings") };
        }

        // "The first binding", but Docker lists 0.0.0.0 and :: separately for one container port.
        var first = bindings[0];
        return new[] { FromBinding(PreferIPv4(bindings.Where(b => b.ContainerPort == first.ContainerPort).ToList())) };
    }

    // R13.1: "8080, 9100" is two ports; empty entries are ignored, a duplicate counts once. A single value reads as before.
    private static List<PortResult> List(string text, string? key, Func<int, PortResult> resolve)
    {
        var entries = text.Split(',').Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (entries.Count == 0)
        {
            entries.Add(text);
        }

        return entries
            .Select(entry => TryParsePort(entry, out var port)
                ? resolve(port)
                : PortResult.Skip(SkipReason.InvalidPort, $"{key ?? "the port"} '{Shorten(entry)}' is not a port number from 1 to 65535"))
            .ToList();
    }

    private static PortResult FromContainerPort(List<EcsNetworkBinding> bindings, int containerPort)
    {
        var matching = bindings.Where(b => b.ContainerPort == containerPort).ToList();
        return matching.Count == 0
            ? PortResult.Skip(SkipReason.ContainerPortNotBound, $"container port {containerPort} has no host binding")
            : FromBinding(PreferIPv4(matching));
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
