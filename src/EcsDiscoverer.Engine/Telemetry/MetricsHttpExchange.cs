using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Telemetry;

/// <summary>
/// One HTTP/1.1 request and its answer on a connection of the metrics endpoint: <c>GET</c> or <c>HEAD</c> of
/// <c>/metrics</c> gets the text exposition format, <c>/-/healthy</c> and <c>/-/ready</c> answer health checks,
/// <c>/</c> a short page naming the endpoints, anything else a short error. The connection is closed after the
/// answer, which every Prometheus scraper handles and which keeps this free of keep-alive bookkeeping.
/// </summary>
internal static class MetricsHttpExchange
{
    /// <summary>The content type of the Prometheus text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The largest request line plus headers read; real scrapers send a few hundred bytes.</summary>
    public const int MaxRequestHeadBytes = 16 * 1024;

    /// <summary>The liveness path: 200 while the process serves requests.</summary>
    public const string HealthyPath = "/-/healthy";

    /// <summary>The readiness path: 200 while a round has succeeded recently enough, 503 otherwise.</summary>
    public const string ReadyPath = "/-/ready";

    private const string TextContentType = "text/plain; charset=utf-8";

    private const string IndexPage =
        "<!DOCTYPE html>\n<html><head><title>EcsDiscoverer</title></head><body>\n<h1>EcsDiscoverer</h1>\n<ul>\n" +
        "<li><a href=\"" + MetricsEndpoint.MetricsPath + "\">" + MetricsEndpoint.MetricsPath + "</a>: the self-metrics, in the Prometheus text format</li>\n" +
        "<li><a href=\"" + HealthyPath + "\">" + HealthyPath + "</a>: 200 while the process is up</li>\n" +
        "<li><a href=\"" + ReadyPath + "\">" + ReadyPath + "</a>: 200 while a discovery round has succeeded within READY_MAX_AGE, 503 with the reason otherwise</li>\n" +
        "</ul>\n</body></html>\n";

    private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1");

    /// <summary>Reads one request from <paramref name="connection"/> and writes the answer.</summary>
    /// <param name="connection">The client's connection.</param>
    /// <param name="metrics">The metrics served, and the last successful round for readiness.</param>
    /// <param name="readyMaxAge">How long ago the last successful round may have ended for <c>/-/ready</c> to answer 200.</param>
    /// <param name="cancellationToken">Ends the exchange.</param>
    public static async Task RunAsync(Stream connection, DiscoveryMetrics metrics, TimeSpan readyMaxAge, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(connection, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            // The client went away before finishing its request: nobody to answer.
            return;
        }

        if (head.Length == 0)
        {
            await WriteErrorAsync(connection, 431, "Request Header Fields Too Large", "The request head is too large.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var requestLine = head.Substring(0, head.IndexOf('\n')).TrimEnd('\r');
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            await WriteErrorAsync(connection, 400, "Bad Request", "Not an HTTP/1.x request.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var method = parts[0];
        var path = RequestPath(parts[1]);
        if (path is not ("/" or MetricsEndpoint.MetricsPath or HealthyPath or ReadyPath))
        {
            await WriteErrorAsync(
                connection,
                404,
                "Not Found",
                "Not found. The metrics are at " + MetricsEndpoint.MetricsPath + "; the health checks at " + HealthyPath + " and " + ReadyPath + ".",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        if (method is not ("GET" or "HEAD"))
        {
            await WriteErrorAsync(connection, 405, "Method Not Allowed", "Use GET.", cancellationToken, "Allow: GET, HEAD\r\n").ConfigureAwait(false);
            return;
        }

        var includeBody = method == "GET";
        switch (path)
        {
            case "/":
                await WriteResponseAsync(connection, 200, "OK", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(IndexPage), includeBody, "", cancellationToken).ConfigureAwait(false);
                return;
            case HealthyPath:
                await WritePlainAsync(connection, 200, "OK", "Healthy.", includeBody, cancellationToken).ConfigureAwait(false);
                return;
            case ReadyPath:
                var notReady = metrics.NotReadyReason(readyMaxAge, DateTimeOffset.UtcNow);
                await (notReady is null
                    ? WritePlainAsync(connection, 200, "OK", "Ready.", includeBody, cancellationToken)
                    : WritePlainAsync(connection, 503, "Service Unavailable", notReady, includeBody, cancellationToken)).ConfigureAwait(false);
                return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await metrics.WriteServedTextAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The scraper should see why this scrape failed (and record it as down) rather than a dropped connection.
            await WriteErrorAsync(connection, 500, "Internal Server Error", "Collecting the metrics failed: " + ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteResponseAsync(connection, 200, "OK", ContentType, body, includeBody, "", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a request target names the metrics: <c>/metrics</c>, with a trailing slash, a query or in absolute form.</summary>
    internal static bool IsMetricsPath(string target) => RequestPath(target) == MetricsEndpoint.MetricsPath;

    /// <summary>
    /// The path a request target names, without the query or a trailing slash (but <c>/</c> itself), also from the
    /// absolute form; null when an absolute target is not a URI.
    /// </summary>
    internal static string? RequestPath(string target)
    {
        var path = target;
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(path, UriKind.Absolute, out var absolute))
            {
                return null;
            }

            path = absolute.AbsolutePath;
        }

        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path.Substring(0, query);
        }

        return path.Length > 1 && path.EndsWith("/", StringComparison.Ordinal) ? path.Substring(0, path.Length - 1) : path;
    }

    /// <summary>
    /// Reads up to the blank line that ends the request head. Null when the connection ended first; empty when
    /// the head is larger than <see cref="MaxRequestHeadBytes"/>.
    /// </summary>
    internal static async Task<string?> ReadHeadAsync(Stream connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await connection.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            var searchFrom = Math.Max(0, length - 3);
            length += read;
            var end = IndexOfBlankLine(buffer, searchFrom, length);
            if (end >= 0)
            {
                return Latin1.GetString(buffer, 0, end);
            }
        }

        return "";
    }

    private static int IndexOfBlankLine(byte[] buffer, int from, int length)
    {
        for (var i = from; i < length - 1; i++)
        {
            // CRLF CRLF, or a bare LF LF from a hand-typed request.
            if (buffer[i] == '\n' && (buffer[i + 1] == '\n' || (buffer[i + 1] == '\r' && i + 2 < length && buffer[i + 2] == '\n')))
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static Task WriteErrorAsync(Stream connection, int status, string reason, string message, CancellationToken cancellationToken, string extraHeaders = "") =>
        WriteResponseAsync(connection, status, reason, TextContentType, Encoding.UTF8.GetBytes(message + "\n"), includeBody: true, extraHeaders, cancellationToken);

    private static Task WritePlainAsync(Stream connection, int status, string reason, string message, bool includeBody, CancellationToken cancellationToken) =>
        WriteResponseAsync(connection, status, reason, TextContentType, Encoding.UTF8.GetBytes(message + "\n"), includeBody, "", cancellationToken);

    private static async Task WriteResponseAsync(
        Stream connection, int status, string reason, string contentType, byte[] body, bool includeBody, string extraHeaders, CancellationToken cancellationToken)
    {
        var head = string.Format(
            CultureInfo.InvariantCulture,
            "HTTP/1.1 {0} {1}\r\nContent-Type: {2}\r\nContent-Length: {3}\r\nCache-Control: no-store\r\n{4}Connection: close\r\n\r\n",
            status,
            reason,
            contentType,
            body.Length,
            extraHeaders);
        var headBytes = Latin1.GetBytes(head);
        await connection.WriteAsync(headBytes, 0, headBytes.Length, cancellationToken).ConfigureAwait(false);
        if (includeBody)
        {
            await connection.WriteAsync(body, 0, body.Length, cancellationToken).ConfigureAwait(false);
        }

        await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
