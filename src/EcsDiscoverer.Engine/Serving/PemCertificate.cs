using System;
using System.IO;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>Loads a certificate and its private key from PEM files, as Prometheus and most servers keep them.</summary>
internal static class PemCertificate
{
    /// <summary>Reads <paramref name="certificateFile"/> and <paramref name="keyFile"/>.</summary>
    /// <exception cref="ServerStartException">A file is missing or unreadable, or not a certificate and its key.</exception>
    public static X509Certificate2 Load(string certificateFile, string keyFile)
    {
        foreach (var (file, setting) in new[] { (certificateFile, "SERVER_TLS_CERT_FILE"), (keyFile, "SERVER_TLS_KEY_FILE") })
        {
            SecretFile.CheckReadable(file, setting, "the PEM file");
        }

        // netstandard2.0 has no PEM reader; the process always runs on .NET 5 or later (PowerShell 7.4+), which has
        // X509Certificate2.CreateFromPemFile.
        var createFromPem = typeof(X509Certificate2).GetMethod("CreateFromPemFile", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(string) }, null)
            ?? throw new ServerStartException("TLS needs .NET 5 or later to read PEM files (SERVER_TLS_CERT_FILE, SERVER_TLS_KEY_FILE); run the module in PowerShell 7.4 or later.");
        try
        {
            using var pem = (X509Certificate2)createFromPem.Invoke(null, new object[] { certificateFile, keyFile })!;

            // A key read from PEM is ephemeral, which Windows' TLS (SChannel) cannot use; a PKCS#12 round trip gives
            // a key it can, and costs nothing elsewhere.
            return new X509Certificate2(pem.Export(X509ContentType.Pkcs12));
        }
        catch (TargetInvocationException ex) when (ex.InnerException is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new ServerStartException(
                $"The TLS certificate {certificateFile} (SERVER_TLS_CERT_FILE) and key {keyFile} (SERVER_TLS_KEY_FILE) could not be loaded: {ex.InnerException.Message} "
                    + "Give a PEM certificate and its unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1), such as openssl writes them.",
                ex.InnerException);
        }
    }
}
