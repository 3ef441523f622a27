using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Reads a request's SigV4 Authorization header, <c>AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...</c>:
/// a client that forgot to sign fails as it would against AWS, and the credential scope tells the emulator
/// which account (by the access key) and region the request is for. The signature itself is NOT verified:
/// this is a test double, and any secret is accepted.
/// </summary>
internal static class SigV4Header
{
    private const string Prefix = "AWS4-HMAC-SHA256 Credential=";

    public static bool IsPresent(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The credential of a signed request, or null when the header is missing or its credential scope is not AKID/DATE/REGION/SERVICE/aws4_request.</summary>
    public static SigV4Credential? Parse(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var credential = header[Prefix.Length..];
        var end = credential.IndexOfAny([',', ' ']);
        var parts = (end < 0 ? credential : credential[..end]).Split('/');
        return parts is [{ Length: > 0 } key, _, { Length: > 0 } region, { Length: > 0 } service, "aws4_request"]
            ? new SigV4Credential(key, region, service, request.Headers["X-Amz-Security-Token"].ToString() is { Length: > 0 } token ? token : null)
            : null;
    }
}

/// <summary>What a SigV4 header says about the caller: the access key id, the region and service it signed for, and the session token sent beside it.</summary>
internal sealed record SigV4Credential(string AccessKeyId, string Region, string Service, string? SessionToken);
