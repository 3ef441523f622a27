namespace EcsDiscoverer.Engine.Rules;

/// <summary>R15: which address family a target may use (<c>ADDRESS_FAMILY</c>).</summary>
public enum AddressFamilyPreference
{
    /// <summary><c>ipv4-preferred</c> (default): IPv4 when the task has one, else IPv6.</summary>
    Ipv4Preferred,

    /// <summary><c>ipv6-preferred</c>: IPv6 when the task has one, else IPv4.</summary>
    Ipv6Preferred,

    /// <summary><c>ipv4</c>: IPv4 only.</summary>
    Ipv4,

    /// <summary><c>ipv6</c>: IPv6 only.</summary>
    Ipv6,
}
