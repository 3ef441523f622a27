namespace EcsDiscoverer.Emulator;

/// <summary>
/// Who sent a request, as far as the emulator can tell without checking signatures: its account and region
/// (<see cref="Scope"/>), and the STS credentials it was signed with, if the emulator issued them.
/// </summary>
/// <param name="Scope">The access key's account and the credential scope's region; the default scope for an unsigned request.</param>
/// <param name="Credential">The SigV4 credential, or null when the request is unsigned or its credential scope unreadable.</param>
/// <param name="Issued">The emulator's STS credentials the access key belongs to, or null.</param>
/// <param name="Authenticated">Whether the request carries a SigV4 Authorization header at all.</param>
internal sealed record Caller(AwsScope Scope, SigV4Credential? Credential, IssuedCredential? Issued, bool Authenticated)
{
    /// <summary>The caller's ARN as AWS puts it in GetCallerIdentity and AccessDenied messages.</summary>
    public string Arn => Issued?.AssumedRoleArn ?? $"arn:aws:iam::{Scope.Account}:user/emulator";

    /// <summary>The unique id of the caller: the assumed role's, or one derived from the access key (AIDA..., an IAM user's).</summary>
    public string UserId => Issued?.AssumedRoleId ?? "AIDA" + StableIds.Hex("user/" + Credential?.AccessKeyId, 17).ToUpperInvariant();

    /// <summary>
    /// Finds the request's account and region: an access key the emulator's STS issued acts in the role's account,
    /// any other in the scenario's mapping for it (<c>accessKeys</c>) or the default account; the region is the
    /// credential scope's.
    /// </summary>
    public static Caller Of(Microsoft.AspNetCore.Http.HttpRequest request, EmulatorScenario scenario, IssuedCredentials issued)
    {
        var credential = SigV4Header.Parse(request);
        var authenticated = credential is not null || SigV4Header.IsPresent(request);
        if (credential is null)
        {
            return new Caller(scenario.ReadFleet(fleet => fleet.DefaultScope), null, null, authenticated);
        }

        var credentials = issued.Find(credential.AccessKeyId);
        var account = credentials?.Account ?? scenario.ReadFleet(fleet => fleet.AccountOfKey(credential.AccessKeyId));
        return new Caller(new AwsScope(account, credential.Region), credential, credentials, authenticated);
    }

    /// <summary>
    /// What AWS answers a request signed with the emulator's temporary credentials that are no longer good: without
    /// their session token (or with another), the token is invalid; after their expiration, expired. Null otherwise.
    /// </summary>
    public EmulatorFault? CredentialFault(string operation, IssuedCredentials issued) => Issued switch
    {
        null => null,
        { } credentials when Credential?.SessionToken != credentials.SessionToken => EmulatorFault.InvalidToken(operation),
        { } credentials when issued.IsExpired(credentials) => EmulatorFault.ExpiredToken(operation),
        _ => null,
    };
}
