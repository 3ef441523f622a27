using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R5: the IPv4 address to scrape.</summary>
internal static class AddressRule
{
    /// <summary>
    /// awsvpc: the container's first network interface, else the task's ENI attachment.
    /// Other modes: the private IPv4 of the EC2 instance behind the container instance.
    /// Returns null when none is known (skip reason <c>no-address</c>).
    /// </summary>
    public static string? Resolve(NetworkMode mode, EcsContainer? container, IReadOnlyList<EcsAttachment>? attachments, string? hostPrivateIp)
    {
        if (mode != NetworkMode.AwsVpc)
        {
            return ValidIPv4(hostPrivateIp);
        }

        var fromInterface = ValidIPv4(container?.NetworkInterfaces?.FirstOrDefault(n => n is not null)?.PrivateIpv4Address);
        if (fromInterface is not null)
        {
            return fromInterface;
        }

        var fromAttachment = (attachments ?? new List<EcsAttachment>())
            .Where(a => a?.Details is not null && (a.Type is null || a.Type.Equals("ElasticNetworkInterface", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(a => a.Details!)
            .FirstOrDefault(d => d is not null && string.Equals(d.Name, "privateIPv4Address", StringComparison.OrdinalIgnoreCase));
        return ValidIPv4(fromAttachment?.Value);
    }

    /// <summary>The text when it is a dotted IPv4 address, else null: nothing else may reach a target string.</summary>
    public static string? ValidIPv4(string? text)
    {
        var trimmed = text?.Trim();
        return !string.IsNullOrEmpty(trimmed)
            && trimmed!.Count(c => c == '.') == 3
            && IPAddress.TryParse(trimmed, out var ip)
            && ip.AddressFamily == AddressFamily.InterNetwork
            ? ip.ToString()
            : null;
    }
}
