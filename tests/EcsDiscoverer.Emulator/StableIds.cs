using System.Security.Cryptography;
using System.Text;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Ids derived from a seed instead of random ones: generated scenarios and launched tasks come
/// out the same on every run, so tests and benchmarks can be repeated and compared.
/// </summary>
internal static class StableIds
{
    /// <summary>Lowercase hex of the seed's SHA-256, <paramref name="length"/> digits (at most 64).</summary>
    public static string Hex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];

    /// <summary>Decimal digits derived from the seed, <paramref name="length"/> of them (at most 64), e.g. for <c>ecs-svc/...</c> ids.</summary>
    public static string Digits(string seed, int length) =>
        string.Concat(Hex(seed, length).Select(c => (char)('0' + ("0123456789abcdef".IndexOf(c, StringComparison.Ordinal) % 10))));

    /// <summary>A UUID shaped like the version-4 ids ECS gives, derived from the seed.</summary>
    public static string Uuid(string seed)
    {
        var hex = Hex(seed, 64);
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-{"89ab"[hex[16] % 4]}{hex[17..20]}-{hex[20..32]}";
    }
}
