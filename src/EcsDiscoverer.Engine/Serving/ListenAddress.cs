using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>The socket address the HTTP server binds, from the address a user configures.</summary>
internal sealed class ListenAddress
{
    /// <summary>The address used when none is configured: loopback, so nothing is exposed by default.</summary>
    public const string Default = "127.0.0.1";

    private ListenAddress(IPAddress address, bool dualMode)
    {
        Address = address;
        DualMode = dualMode;
    }

    /// <summary>The address to bind.</summary>
    public IPAddress Address { get; }

    /// <summary>Whether an IPv6 wildcard socket also accepts IPv4 connections.</summary>
    public bool DualMode { get; }

    /// <summary>Whether this is every interface rather than one address.</summary>
    public bool IsWildcard => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    /// <summary>
    /// Reads <paramref name="text"/>: an IPv4 or IPv6 literal (with or without brackets), <c>localhost</c>,
    /// <c>0.0.0.0</c> (every IPv4 interface), or <c>*</c>, <c>+</c> or <c>::</c> (every interface, IPv4 and IPv6).
    /// Blank means <see cref="Default"/>.
    /// </summary>
    /// <returns>Null when <paramref name="text"/> is none of these.</returns>
    public static ListenAddress? TryParse(string? text)
    {
        var value = string.IsNullOrWhiteSpace(text) ? Default : text!.Trim();
        if (value is "*" or "+")
        {
            // "*" and "+" are the HttpListener spellings of "every interface"; without IPv6 that is every IPv4 one.
            return Socket.OSSupportsIPv6 ? new ListenAddress(IPAddress.IPv6Any, dualMode: true) : new ListenAddress(IPAddress.Any, dualMode: false);
        }

        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress(IPAddress.Loopback, dualMode: false);
        }

        if (value.Length > 2 && value[0] == '[' && value[value.Length - 1] == ']')
        {
            value = value.Substring(1, value.Length - 2);
            if (value.IndexOf(':') < 0)
            {
                return null;
            }
        }

        // IPAddress.TryParse also takes "10.1" or "167772161" as IPv4; a listen address written like that is a typo.
        if (!IPAddress.TryParse(value, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') != 3))
        {
            return null;
        }

        return new ListenAddress(address, dualMode: address.Equals(IPAddress.IPv6Any));
    }

    /// <summary>The URL of <paramref name="path"/> on <paramref name="port"/>: for a wildcard, through loopback, which is sure to reach it.</summary>
    public Uri UrlFor(int port, string path, bool https = false)
    {
        var host = IsWildcard
            ? "127.0.0.1"
            : Address.AddressFamily == AddressFamily.InterNetworkV6
                // Without the zone (fe80::1%eth0): a URL spells it %25eth0, and this URL is for people to read.
                ? "[" + new IPAddress(Address.GetAddressBytes()) + "]"
                : Address.ToString();
        return new Uri(string.Format(CultureInfo.InvariantCulture, "{0}://{1}:{2}{3}", https ? "https" : "http", host, port, path));
    }
}
