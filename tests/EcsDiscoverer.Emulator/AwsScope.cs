using System.Text.RegularExpressions;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// An AWS account and region: the unit AWS keeps resources and request quotas in, and so the
/// unit the emulator keeps its state, call counts, rate-limit buckets and fault selectors in.
/// A request's scope comes from its SigV4 credential: the access key's account and the region
/// of the credential scope.
/// </summary>
/// <param name="Account">The 12-digit account id.</param>
/// <param name="Region">The region name, e.g. <c>us-east-1</c>.</param>
public readonly partial record struct AwsScope(string Account, string Region)
{
    /// <summary>The account of every key the scenario does not map and the emulator's STS did not issue.</summary>
    public const string DefaultAccount = "123456789012";

    /// <summary><c>ACCOUNT/REGION</c>, the key of per-scope call counts.</summary>
    public override string ToString() => $"{Account}/{Region}";

    /// <summary>Throws unless the account is 12 digits and the region looks like a region name.</summary>
    /// <exception cref="ArgumentException">What is wrong.</exception>
    public AwsScope Validated()
    {
        if (!IsAccount(Account))
        {
            throw new ArgumentException($"Account \"{Account}\" is not a 12-digit AWS account id.");
        }

        return IsRegion(Region) ? this : throw new ArgumentException($"Region \"{Region}\" is not a region name like us-east-1.");
    }

    internal static bool IsAccount(string? value) => value is not null && AccountPattern().IsMatch(value);

    internal static bool IsRegion(string? value) => value is not null && RegionPattern().IsMatch(value);

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
