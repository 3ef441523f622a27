using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>The names of <see cref="AddressFamilyPreference"/> as <c>ADDRESS_FAMILY</c> spells them (R15).</summary>
public static class AddressFamilyPreferences
{
    private static readonly IReadOnlyDictionary<string, AddressFamilyPreference> ByName =
        new Dictionary<string, AddressFamilyPreference>(StringComparer.OrdinalIgnoreCase)
        {
            ["ipv4-preferred"] = AddressFamilyPreference.Ipv4Preferred,
            ["ipv6-preferred"] = AddressFamilyPreference.Ipv6Preferred,
            ["ipv4"] = AddressFamilyPreference.Ipv4,
            ["ipv6"] = AddressFamilyPreference.Ipv6,
        };

    /// <summary>Every name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ByName.Keys.ToList();

    /// <summary>The name of <paramref name="preference"/>.</summary>
    public static string Name(AddressFamilyPreference preference) => ByName.First(p => p.Value == preference).Key;

    /// <summary>The preference named <paramref name="name"/> (any case, trimmed), or false.</summary>
    public static bool TryParse(string? name, out AddressFamilyPreference preference) =>
        ByName.TryGetValue((name ?? "").Trim(), out preference);

    /// <summary>The families in the order they are tried: one for the strict settings, both for the preferences.</summary>
    internal static IReadOnlyList<IpFamily> Order(AddressFamilyPreference preference) => preference switch
    {
        AddressFamilyPreference.Ipv4 => new[] { IpFamily.V4 },
        AddressFamilyPreference.Ipv6 => new[] { IpFamily.V6 },
        AddressFamilyPreference.Ipv6Preferred => new[] { IpFamily.V6, IpFamily.V4 },
        _ => new[] { IpFamily.V4, IpFamily.V6 },
    };

    /// <summary>What the <c>no-address</c> detail says was wanted.</summary>
    internal static string Wanted(AddressFamilyPreference preference) => preference switch
    {
        AddressFamilyPreference.Ipv4 => "private IPv4 address (ADDRESS_FAMILY ipv4)",
        AddressFamilyPreference.Ipv6 => "IPv6 address (ADDRESS_FAMILY ipv6)",
        _ => "private IPv4 or IPv6 address",
    };
}

/// <summary>An IP address family.</summary>
internal enum IpFamily
{
    /// <summary>IPv4.</summary>
    V4,

    /// <summary>IPv6.</summary>
    V6,
}
