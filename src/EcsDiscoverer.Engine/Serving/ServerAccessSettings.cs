namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// Who may read the loop's targets and metrics, and the certificate it serves them with. Every field is off by default:
/// plain HTTP, no credentials, on loopback (<c>PROMETHEUS_SERVER_ADDRESS</c>). The health checks stay open either way.
/// </summary>
public sealed class ServerAccessSettings
{
    /// <summary><c>SERVER_BEARER_TOKEN_FILE</c>: a file holding the token clients must send as <c>Authorization: Bearer</c>.</summary>
    public string? BearerTokenFile { get; set; }

    /// <summary><c>SERVER_BEARER_TOKEN</c>: the token itself, for an environment variable or a secret store; never printed.</summary>
    public string? BearerToken { get; set; }

    /// <summary><c>SERVER_BASIC_AUTH_USERNAME</c>: the user name of HTTP basic authentication.</summary>
    public string? BasicAuthUsername { get; set; }

    /// <summary><c>SERVER_BASIC_AUTH_PASSWORD_FILE</c>: a file holding the basic-authentication password.</summary>
    public string? BasicAuthPasswordFile { get; set; }

    /// <summary><c>SERVER_BASIC_AUTH_PASSWORD</c>: the password itself, for an environment variable; never printed.</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary><c>SERVER_TLS_CERT_FILE</c>: the server certificate (PEM; a chain may follow it). Serves HTTPS with <see cref="TlsKeyFile"/>.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary><c>SERVER_TLS_KEY_FILE</c>: the certificate's private key (PEM, unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public string? TlsKeyFile { get; set; }
}
