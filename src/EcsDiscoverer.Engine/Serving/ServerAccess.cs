using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// Who may read the targets and metrics: a bearer token, a basic-authentication user and password, or anyone; and the
/// TLS certificate, if any. Secrets are read once, at start (a rotated token file needs a restart), and kept only as
/// SHA-256 hashes, which also gives the constant-time comparison equal lengths to compare.
/// </summary>
internal sealed class ServerAccess
{
    private const string Realm = "ecs-discoverer";

    private readonly byte[]? _bearerHash;
    private readonly byte[]? _basicHash;

    private ServerAccess(byte[]? bearerHash, byte[]? basicHash, X509Certificate2? certificate)
    {
        _bearerHash = bearerHash;
        _basicHash = basicHash;
        Certificate = certificate;
        var challenges = new List<string>();
        if (bearerHash is not null)
        {
            challenges.Add("Bearer realm=\"" + Realm + "\"");
        }

        if (basicHash is not null)
        {
            challenges.Add("Basic realm=\"" + Realm + "\", charset=\"UTF-8\"");
        }

        Challenges = challenges.ToArray();
    }

    /// <summary>Plain HTTP, no credentials.</summary>
    public static ServerAccess Open { get; } = new(null, null, null);

    /// <summary>The server certificate; null for plain HTTP.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Whether requests must carry credentials.</summary>
    public bool RequiresCredentials => _bearerHash is not null || _basicHash is not null;

    /// <summary>The <c>WWW-Authenticate</c> challenges of a 401 answer.</summary>
#pragma warning disable CA1819 // Handed to the response headers as they are.
    public string[] Challenges { get; }
#pragma warning restore CA1819

    /// <summary>Reads the secrets and the certificate that <paramref name="settings"/> name.</summary>
    /// <exception cref="ServerStartException">
    /// A secret or certificate file is missing, unreadable or empty, or the settings contradict each other (a token
    /// both in a file and in the environment, a user without a password, a certificate without a key). Never a
    /// server without the protection asked for.
    /// </exception>
    public static ServerAccess Load(ServerAccessSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var token = Secret(settings.BearerToken, settings.BearerTokenFile, "SERVER_BEARER_TOKEN");
        var password = Secret(settings.BasicAuthPassword, settings.BasicAuthPasswordFile, "SERVER_BASIC_AUTH_PASSWORD");
        var user = settings.BasicAuthUsername;
        if ((user is null) != (password is null))
        {
            throw new ServerStartException(
                user is null
                    ? "SERVER_BASIC_AUTH_PASSWORD(_FILE) is set without SERVER_BASIC_AUTH_USERNAME: set the user name too, or unset the password."
                    : "SERVER_BASIC_AUTH_USERNAME is set without a password: set SERVER_BASIC_AUTH_PASSWORD_FILE (or SERVER_BASIC_AUTH_PASSWORD in the environment).");
        }

        if (user is not null && user.IndexOf(':') >= 0)
        {
            throw new ServerStartException("SERVER_BASIC_AUTH_USERNAME contains ':', which basic authentication cannot carry: choose a user name without it.");
        }

        if ((settings.TlsCertificateFile is null) != (settings.TlsKeyFile is null))
        {
            throw new ServerStartException("TLS needs both SERVER_TLS_CERT_FILE and SERVER_TLS_KEY_FILE: set the one missing, or unset the other.");
        }

        var certificate = settings.TlsCertificateFile is not null ? PemCertificate.Load(settings.TlsCertificateFile, settings.TlsKeyFile!) : null;
        return new ServerAccess(
            token is null ? null : Hash(token),
            user is null ? null : Hash(user + ":" + password),
            certificate);
    }

    /// <summary>Whether the <c>Authorization</c> header lets the request in; always when no credentials are required.</summary>
    public bool Allows(string? authorization)
    {
        if (!RequiresCredentials)
        {
            return true;
        }

        if (authorization is null)
        {
            return false;
        }

        var space = authorization.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        var scheme = authorization.Substring(0, space);
        var credentials = authorization.Substring(space + 1).Trim();
        if (_bearerHash is not null && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return FixedTimeEquals(_bearerHash, Hash(credentials));
        }

        if (_basicHash is not null && scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credentials));
            }
            catch (FormatException)
            {
                return false;
            }

            return FixedTimeEquals(_basicHash, Hash(decoded));
        }

        return false;
    }

    // The value itself (environment, settings file) or a file holding it; both at once is ambiguous.
    private static string? Secret(string? value, string? file, string setting)
    {
        if (value is not null && file is not null)
        {
            throw new ServerStartException($"Both {setting} and {setting}_FILE are set: keep one (the file is safer: its content stays out of the environment).");
        }

        return file is not null ? SecretFile.Read(file, setting + "_FILE") : value;
    }

    private static byte[] Hash(string text)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
    }

    // netstandard2.0 lacks CryptographicOperations.FixedTimeEquals: every byte is compared, whatever differs first.
    private static bool FixedTimeEquals(byte[] left, byte[] right)
    {
        var difference = left.Length ^ right.Length;
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            difference |= left[i] ^ right[i];
        }

        return difference == 0;
    }
}
