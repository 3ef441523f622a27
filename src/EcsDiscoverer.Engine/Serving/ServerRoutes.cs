using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace EcsDiscoverer.Engine.Serving;

/// <summary>
/// What the server answers: <c>GET</c> or <c>HEAD</c> of <c>/metrics</c> (the text exposition format),
/// <c>/targets</c> (http_sd), <c>/targets/index</c> (what is served), <c>/-/healthy</c> and <c>/-/ready</c> (health
/// checks, open to anyone: a load balancer cannot send credentials), <c>/</c> (a page naming them); anything else a
/// short error. Kestrel itself answers malformed (400) and oversized (431) requests before they get here.
/// </summary>
internal sealed class ServerRoutes : IHttpApplication<IFeatureCollection>
{
    /// <summary>The path the metrics are served at.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The path of the http_sd targets.</summary>
    public const string TargetsPath = "/targets";

    /// <summary>The path of the listing of what <see cref="TargetsPath"/> serves.</summary>
    public const string TargetsIndexPath = "/targets/index";

    /// <summary>The liveness path: 200 while the process serves requests.</summary>
    public const string HealthyPath = "/-/healthy";

    /// <summary>The readiness path: 200 while a round has succeeded recently enough, 503 otherwise.</summary>
    public const string ReadyPath = "/-/ready";

    /// <summary>The content type of the Prometheus text format.</summary>
    public const string MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string TextContentType = "text/plain; charset=utf-8";
    private const string JsonContentType = "application/json; charset=utf-8";

    private static readonly byte[] IndexPage = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html><head><title>EcsDiscoverer</title></head><body>\n<h1>EcsDiscoverer</h1>\n<ul>\n" +
        "<li><a href=\"" + MetricsPath + "\">" + MetricsPath + "</a>: the self-metrics, in the Prometheus text format</li>\n" +
        "<li><a href=\"" + TargetsPath + "\">" + TargetsPath + "</a>: the targets, for Prometheus's http_sd_configs (filters: ?" + TargetFilter.Parameters.Replace(" or ", ", ") + ")</li>\n" +
        "<li><a href=\"" + TargetsIndexPath + "\">" + TargetsIndexPath + "</a>: what " + TargetsPath + " serves: the files, accounts, regions and clusters</li>\n" +
        "<li><a href=\"" + HealthyPath + "\">" + HealthyPath + "</a>: 200 while the process is up</li>\n" +
        "<li><a href=\"" + ReadyPath + "\">" + ReadyPath + "</a>: 200 while a discovery round has succeeded within READY_MAX_AGE, 503 with the reason otherwise</li>\n" +
        "</ul>\n</body></html>\n");

    private readonly DiscoveryMetrics _metrics;
    private readonly TimeSpan _readyMaxAge;
    private readonly TargetSnapshots? _targets;
    private readonly ServerAccess _access;

    /// <summary>Creates the routes.</summary>
    public ServerRoutes(DiscoveryMetrics metrics, TimeSpan readyMaxAge, TargetSnapshots? targets, ServerAccess access)
    {
        _metrics = metrics;
        _readyMaxAge = readyMaxAge;
        _targets = targets;
        _access = access;
    }

    /// <inheritdoc />
    public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

    /// <inheritdoc />
    public void DisposeContext(IFeatureCollection context, Exception exception)
    {
    }

    /// <inheritdoc />
    public async Task ProcessRequestAsync(IFeatureCollection context)
    {
        var request = context.Get<IHttpRequestFeature>();
        var answer = await AnswerAsync(request).ConfigureAwait(false);
        var response = context.Get<IHttpResponseFeature>();
        response.StatusCode = answer.Status;
        response.Headers["Content-Type"] = answer.ContentType;
        response.Headers["Content-Length"] = answer.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["Cache-Control"] = "no-store";
        if (answer.Status == 405)
        {
            response.Headers["Allow"] = "GET, HEAD";
        }
        else if (answer.Status == 401)
        {
            response.Headers["WWW-Authenticate"] = _access.Challenges;
        }

        if (!string.Equals(request.Method, "HEAD", StringComparison.Ordinal))
        {
            await response.Body.WriteAsync(answer.Body, 0, answer.Body.Length, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The path a request names, without a trailing slash (but <c>/</c> itself); Kestrel has already taken the query
    /// and the absolute form apart.
    /// </summary>
    internal static string RequestPath(string path) =>
        path.Length == 0 ? "/" : path.Length > 1 && path.EndsWith("/", StringComparison.Ordinal) ? path.Substring(0, path.Length - 1) : path;

    private static ServerAnswer Text(int status, string message) => new(status, TextContentType, Encoding.UTF8.GetBytes(message + "\n"));

    private async Task<ServerAnswer> AnswerAsync(IHttpRequestFeature request)
    {
        var path = RequestPath(request.Path);
        if (path is not ("/" or MetricsPath or TargetsPath or TargetsIndexPath or HealthyPath or ReadyPath))
        {
            return Text(404, $"Not found. The metrics are at {MetricsPath}, the targets at {TargetsPath} and {TargetsIndexPath}; the health checks at {HealthyPath} and {ReadyPath}.");
        }

        if (request.Method is not ("GET" or "HEAD"))
        {
            return Text(405, "Use GET.");
        }

        switch (path)
        {
            case "/":
                return new ServerAnswer(200, "text/html; charset=utf-8", IndexPage);
            case HealthyPath:
                return Text(200, "Healthy.");
            case ReadyPath:
                var notReady = _metrics.NotReadyReason(_readyMaxAge, DateTimeOffset.UtcNow);
                return notReady is null ? Text(200, "Ready.") : Text(503, notReady);
        }

        // Only the probes above are open: the targets and metrics say what runs where.
        if (!_access.Allows(request.Headers.TryGetValue("Authorization", out var authorization) ? authorization.ToString() : null))
        {
            return Text(401, "Unauthorized: send the credentials the loop was configured with (SERVER_BEARER_TOKEN_FILE or SERVER_BASIC_AUTH_*).");
        }

        return path switch
        {
            MetricsPath => await MetricsAsync().ConfigureAwait(false),
            TargetsPath => Targets(request.QueryString, index: false),
            _ => Targets(request.QueryString, index: true),
        };
    }

    private async Task<ServerAnswer> MetricsAsync()
    {
        try
        {
            using var buffer = new MemoryStream();
            await _metrics.WriteServedTextAsync(buffer, CancellationToken.None).ConfigureAwait(false);
            return new ServerAnswer(200, MetricsContentType, buffer.ToArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The scraper should see why this scrape failed (and record it as down) rather than a dropped connection.
            return Text(500, "Collecting the metrics failed: " + ex.Message);
        }
    }

    private ServerAnswer Targets(string queryString, bool index)
    {
        if (_targets is null)
        {
            return Text(404, "This server does not serve targets.");
        }

        if (index && queryString.Length > 1)
        {
            return Text(400, $"Bad request: {TargetsIndexPath} takes no parameters; filter {TargetsPath} with {TargetFilter.Parameters}.");
        }

        var query = QueryHelpers.ParseQuery(queryString).Select(p => new KeyValuePair<string, IEnumerable<string>>(p.Key, p.Value.Select(v => v ?? "")));
        var problem = "";
        var filter = index ? TargetFilter.All : TargetFilter.Parse(query, _targets.FileNames, out problem);
        if (filter is null)
        {
            return Text(400, "Bad request: " + problem + ".");
        }

        var snapshot = _targets.Current;
        if (snapshot is null)
        {
            // Prometheus keeps the targets it has when a refresh fails, so this costs it nothing.
            return Text(503, "No round has completed yet: the targets are served after the first successful round.");
        }

        return index
            ? new ServerAnswer(200, JsonContentType, TargetIndex.Render(snapshot, DateTimeOffset.UtcNow))
            : new ServerAnswer(200, JsonContentType, Render(snapshot, filter));
    }

    private static byte[] Render(TargetSnapshot snapshot, TargetFilter filter)
    {
        var files = snapshot.Files.Where(f => filter.Includes(f.Interval)).ToList();
        if (files.Count == 1 && filter.WholeFiles)
        {
            // One whole file: the very bytes written to disk.
            return files[0].Content;
        }

        if (filter.WholeFiles)
        {
            // Several whole files (an unfiltered /targets): their bytes joined, not every group rendered again.
            return FileSdRenderer.Concatenate(files);
        }

        return FileSdRenderer.RenderGroups(files.SelectMany(f => f.Groups).Where(filter.Matches));
    }
}
