using System.Text.RegularExpressions;

namespace EcsDiscoverer.Emulator;

/// <summary>IAM role ARNs as STS takes them, <c>arn:aws:iam::ACCOUNT:role/[PATH/]NAME</c>, and STS's session limits.</summary>
internal static partial class StsRoles
{
    /// <summary>STS's longest session, 12 hours (a role's MaxSessionDuration can be at most this).</summary>
    public const int MaxLifetimeSeconds = 43_200;

    /// <summary>STS's shortest <c>DurationSeconds</c>, 15 minutes.</summary>
    public const int MinDurationSeconds = 900;

    /// <summary>What AssumeRole issues without <c>DurationSeconds</c>, and a role's default MaxSessionDuration: one hour.</summary>
    public const int DefaultLifetimeSeconds = 3600;

    public static bool IsRoleArn(string? arn) => arn is not null && RoleArnPattern().IsMatch(arn);

    /// <exception cref="FormatException">Not a role ARN.</exception>
    public static string Validated(string arn) =>
        IsRoleArn(arn) ? arn : throw new FormatException($"\"{arn}\" is not a role ARN like arn:aws:iam::123456789012:role/name.");

    /// <summary>The account a role belongs to, and so the account of the credentials it issues.</summary>
    public static string AccountOf(string roleArn) => RoleArnPattern().Match(roleArn).Groups["account"].Value;

    /// <summary>The role name without its path, as it appears in <c>assumed-role/NAME/SESSION</c>.</summary>
    public static string NameOf(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    [GeneratedRegex("^arn:aws:iam::(?<account>[0-9]{12}):role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();
}
