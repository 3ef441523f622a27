using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>R5 and R15: the address to scrape, IPv4 or IPv6 as <c>ADDRESS_FAMILY</c> allows.</summary>
internal static class AddressRule
{
    private const string EniIpv4Detail = "privateIPv4Address";

    // Not in the ECS model's documentation (R15): accepted in any case when ECS sends it.
    private const string EniIpv6Detail = "ipv6Address";

    /// <summary>
    /// awsvpc: the container's network interfaces, else the task's ENI attachment. Other modes: the EC2 instance
    /// behind the container instance. Families are tried in the order <paramref name="family"/> gives.
    /// Returns null when none is known (skip reason <c>no-address</c>, detail from <see cref="MissingDetail"/>).
    /// </summary>
    public static string? Resolve(
        NetworkMode mode, EcsContainer? container, IReadOnlyList<EcsAttachment>? attachments, Ec2HostFacts? host, AddressFamilyPreference family = AddressFamilyPreference.Ipv4Preferred)
    {
        foreach (var wanted in AddressFamilyPreferences.Order(family))
        {
            var address = mode == NetworkMode.AwsVpc ? FromTask(container, attachments, wanted) : FromHost(host, wanted);
            if (address is not null)
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>The <c>no-address</c> detail: which family was wanted, and from where.</summary>
    public static string MissingDetail(NetworkMode mode, string? ec2InstanceId, AddressFamilyPreference family)
    {
        var wanted = AddressFamilyPreferences.Wanted(family);
        if (mode == NetworkMode.AwsVpc)
        {
            return $"the task has no {wanted} on its network interface or ENI attachment";
        }

        return Ec2HostFacts.IsManagedInstanceId(ec2InstanceId)
            ? $"the task runs on ECS Anywhere managed instance {ec2InstanceId}, whose address EcsDiscoverer does not look up "
              + "(only SSM knows it: ssm:DescribeInstanceInformation returns its IPAddress)"
            : $"no {wanted} is known for the task's host (EC2 instance {ec2InstanceId ?? "unknown"})";
    }

    /// <summary><c>host:port</c>, with an IPv6 host in brackets (<c>[2001:db8::1]:9100</c>), as Prometheus joins them.</summary>
    public static string HostPort(string host, int port) =>
        (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static string? FromHost(Ec2HostFacts? host, IpFamily family) =>
        family == IpFamily.V4 ? ValidIPv4(host?.PrivateIpv4) : ValidIPv6(host?.Ipv6);

    private static string? FromTask(EcsContainer? container, IReadOnlyList<EcsAttachment>? attachments, IpFamily family)
    {
        var interfaces = (container?.NetworkInterfaces ?? new List<EcsNetworkInterface>()).Where(n => n is not null).ToList();
        var fromInterface = family == IpFamily.V4
            ? ValidIPv4(interfaces.FirstOrDefault()?.PrivateIpv4Address)
            : interfaces.Select(n => ValidIPv6(n.Ipv6Address)).FirstOrDefault(a => a is not null);
        if (fromInterface is not null)
        {
            return fromInterface;
        }

        var detailName = family == IpFamily.V4 ? EniIpv4Detail : EniIpv6Detail;
        var fromAttachment = (attachments ?? new List<EcsAttachment>())
            .Where(a => a?.Details is not null && (a.Type is null || a.Type.Equals("ElasticNetworkInterface", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(a => a.Details!)
            .FirstOrDefault(d => d is not null && string.Equals(d.Name, detailName, StringComparison.OrdinalIgnoreCase));
        return family == IpFamily.V4 ? ValidIPv4(fromAttachment?.Value) : ValidIPv6(fromAttachment?.Value);
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

    /// <summary>
    /// The text, in its compressed form, when it is an IPv6 literal a target can use: no zone id (<c>%eth0</c>), no
    /// brackets or port, not an IPv4-mapped (<c>::ffff:10.0.0.1</c>) or IPv4-compatible address. Else null.
    /// </summary>
    public static string? ValidIPv6(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed!.IndexOf(':') < 0 || trimmed.Any(c => !Uri.IsHexDigit(c) && c != ':' && c != '.'))
        {
            return null;
        }

        return IPAddress.TryParse(trimmed, out var ip)
            && ip.AddressFamily == AddressFamily.InterNetworkV6
            && ip.ScopeId == 0
            && !ip.IsIPv4MappedToIPv6
            && !IsIPv4Compatible(ip)
            ? ip.ToString()
            : null;
    }

    // ::a.b.c.d (deprecated by RFC 4291) and :: itself: 96 zero bits, then something.
    private static bool IsIPv4Compatible(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        return bytes.Take(12).All(b => b == 0);
    }
}
