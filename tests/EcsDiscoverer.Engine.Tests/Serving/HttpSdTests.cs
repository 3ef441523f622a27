using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Serving;
using EcsDiscoverer.Engine.Tests.Telemetry;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Serving;

// issue 13 item 3: /targets for Prometheus's http_sd_configs, who may read it, and TLS; on real sockets.
public sealed class HttpSdTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecsd-httpsd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static TargetSnapshots Published(int round = 1)
    {
        var targets = new TargetSnapshots(OutputFileNames.Default);
        targets.Publish(round, FileSdRenderer.Render(new[]
        {
            TargetFilterTests.Group(ScrapeInterval.Seconds15, "10.0.0.1:80", "111111111111", "us-east-1", "prod"),
            TargetFilterTests.Group(ScrapeInterval.Seconds15, "10.0.0.2:80", "222222222222", "eu-west-1", "prod"),
            TargetFilterTests.Group(ScrapeInterval.Minute1, "10.0.0.3:80", "111111111111", "eu-west-1", "batch"),
        }));
        return targets;
    }

    private static HttpClient NewClient() => new() { Timeout = TimeSpan.FromSeconds(10) };

    private string WriteSecret(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact(DisplayName = "issue 13: /targets is 503 before the first round, then the groups of every file as http_sd JSON")]
    public async Task ServesTargets()
    {
        var targets = new TargetSnapshots(OutputFileNames.Default);
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: targets);
        using var http = NewClient();

        using var before = await http.GetAsync(server.TargetsUrl);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("No round has completed yet", await before.Content.ReadAsStringAsync());

        var files = Published().Current!.Files;
        targets.Publish(1, files);
        using var all = await http.GetAsync(server.TargetsUrl);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("application/json", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", all.Content.Headers.ContentType?.CharSet);
        using var json = JsonDocument.Parse(await all.Content.ReadAsStringAsync());
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.Equal("10.0.0.1:80", json.RootElement[0].GetProperty("targets")[0].GetString());

        // One whole file: the very bytes of the file.
        var file = await http.GetByteArrayAsync(new Uri(server.Url, "/targets?interval=15s"));
        Assert.Equal(files.Single(f => f.FileName == "15s-tasks.json").Content, file);

        var filtered = await http.GetStringAsync(new Uri(server.Url, "/targets?account=111111111111&region=eu-west-1"));
        Assert.Equal(Encoding.UTF8.GetString(FileSdRenderer.RenderGroups(files.Single(f => f.FileName == "1m-tasks.json").Groups)), filtered);
    }

    [Fact(DisplayName = "issue 13: /targets/index lists the files with their query, the accounts, regions and clusters, and the round")]
    public async Task Index()
    {
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: Published(round: 7));
        using var http = NewClient();
        using var index = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.Url, "/targets/index")));
        var root = index.RootElement;
        Assert.Equal(7, root.GetProperty("round").GetInt32());
        Assert.True(root.GetProperty("ageSeconds").GetDouble() < 60);
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(5, files.Count);
        var fast = files.Single(f => f.GetProperty("name").GetString() == "15s-tasks.json");
        Assert.Equal("/targets?interval=15s", fast.GetProperty("url").GetString());
        Assert.Equal(2, fast.GetProperty("groups").GetInt32());
        Assert.Equal(
            "111111111111=2 222222222222=1",
            string.Join(" ", root.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account").GetString() + "=" + a.GetProperty("groups").GetInt32())));
        Assert.Equal(3, root.GetProperty("clusters").GetArrayLength());
    }

    [Fact(DisplayName = "issue 13: an unknown filter or a bad value is a 400 with a one-line reason, and the server keeps serving")]
    public async Task BadFilter()
    {
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: Published());
        using var http = NewClient();
        using var unknown = await http.GetAsync(new Uri(server.Url, "/targets?colour=red"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Bad request: unknown parameter 'colour': use interval, file, account, region or cluster.\n", await unknown.Content.ReadAsStringAsync());

        using var badValue = await http.GetAsync(new Uri(server.Url, "/targets?interval=2m"));
        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);

        using var indexQuery = await http.GetAsync(new Uri(server.Url, "/targets/index?x=1"));
        Assert.Equal(HttpStatusCode.BadRequest, indexQuery.StatusCode);

        using var post = await http.PostAsync(server.TargetsUrl, new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);

        using var ok = await http.GetAsync(server.TargetsUrl);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact(DisplayName = "issue 13: with a bearer token, /targets and /metrics need it (401 and a challenge otherwise); the probes stay open")]
    public async Task BearerToken()
    {
        var access = ServerAccess.Load(new ServerAccessSettings { BearerTokenFile = WriteSecret("token", "s3cret-token\n") });
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: Published(), access: access);
        using var http = NewClient();

        foreach (var path in new[] { "/targets", "/targets/index", "/metrics" })
        {
            using var none = await http.GetAsync(new Uri(server.Url, path));
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);

            using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, path));
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-tokeN");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

            using var right = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, path));
            right.Headers.Authorization = new AuthenticationHeaderValue("bearer", "s3cret-token");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(right)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.Url, "/-/healthy"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri(server.Url, "/-/ready"))).StatusCode);
    }

    [Fact(DisplayName = "issue 13: with basic auth, the user and password from a file are needed; a bad one is 401")]
    public async Task BasicAuth()
    {
        var access = ServerAccess.Load(new ServerAccessSettings { BasicAuthUsername = "prometheus", BasicAuthPasswordFile = WriteSecret("password", "pässword") });
        using var server = DiscoveryServer.Start(DiscoveryMetricsTests.NewMetrics(), "127.0.0.1", 0, targets: Published(), access: access);
        using var http = NewClient();

        async Task<HttpStatusCode> With(string credentials)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.TargetsUrl);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        Assert.Equal(HttpStatusCode.OK, await With(Encode("prometheus:pässword")));
        Assert.Equal(HttpStatusCode.Unauthorized, await With(Encode("prometheus:password")));
        Assert.Equal(HttpStatusCode.Unauthorized, await With(Encode("other:pässword")));
        Assert.Equal(HttpStatusCode.Unauthorized, await With("not base64!"));
        using var none = await http.GetAsync(server.TargetsUrl);
        Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory(DisplayName = "issue 13: a missing or empty secret file, or contradicting settings, stop the start with a clear reason and no secret")]
    [InlineData("token-file-missing", "does not exist: create it with the secret, or correct SERVER_BEARER_TOKEN_FILE")]
    [InlineData("token-file-empty", "is empty: write the secret into it, or unset SERVER_BEARER_TOKEN_FILE")]
    [InlineData("token-twice", "Both SERVER_BEARER_TOKEN and SERVER_BEARER_TOKEN_FILE are set")]
    [InlineData("user-alone", "SERVER_BASIC_AUTH_USERNAME is set without a password")]
    [InlineData("password-alone", "is set without SERVER_BASIC_AUTH_USERNAME")]
    [InlineData("cert-alone", "TLS needs both SERVER_TLS_CERT_FILE and SERVER_TLS_KEY_FILE")]
    [InlineData("cert-missing", "(SERVER_TLS_CERT_FILE) does not exist")]
    [InlineData("cert-garbage", "could not be loaded")]
    public void BadAccessSettings(string @case, string expected)
    {
        var settings = @case switch
        {
            "token-file-missing" => new ServerAccessSettings { BearerTokenFile = Path.Combine(_dir, "nothing") },
            "token-file-empty" => new ServerAccessSettings { BearerTokenFile = WriteSecret("empty", " \n") },
            "token-twice" => new ServerAccessSettings { BearerTokenFile = WriteSecret("t", "x"), BearerToken = "hush-hush" },
            "user-alone" => new ServerAccessSettings { BasicAuthUsername = "u" },
            "password-alone" => new ServerAccessSettings { BasicAuthPassword = "hush-hush" },
            "cert-alone" => new ServerAccessSettings { TlsCertificateFile = WriteSecret("c.pem", "x") },
            "cert-missing" => new ServerAccessSettings { TlsCertificateFile = Path.Combine(_dir, "none.pem"), TlsKeyFile = Path.Combine(_dir, "none.key") },
            _ => new ServerAccessSettings { TlsCertificateFile = WriteSecret("c.pem", "hush-hush"), TlsKeyFile = WriteSecret("k.pem", "hush-hush") },
        };
        var ex = Assert.Throws<ServerStartException>(() => ServerAccess.Load(settings));
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("hush-hush", ex.Message);
    }

    // HTTPS end to end runs in Pester (HttpSd.Tests.ps1) against the module's own Kestrel 2.3: this test process has
    // the ASP.NET Core shared framework (the emulator), whose Kestrel wants a DI-registered HTTPS service instead.
    [Fact(DisplayName = "issue 13: a PEM certificate and its key, as openssl writes them, load with the private key")]
    public void PemFiles()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = WriteSecret("server.pem", certificate.ExportCertificatePem());
        var keyFile = WriteSecret("server.key", key.ExportPkcs8PrivateKeyPem());

        var access = ServerAccess.Load(new ServerAccessSettings { TlsCertificateFile = certFile, TlsKeyFile = keyFile });
        Assert.NotNull(access.Certificate);
        Assert.True(access.Certificate!.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, access.Certificate.Thumbprint);
        Assert.False(access.RequiresCredentials);

        // A key that is not the certificate's is refused at start.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherKey = WriteSecret("other.key", other.ExportPkcs8PrivateKeyPem());
        var ex = Assert.Throws<ServerStartException>(() => ServerAccess.Load(new ServerAccessSettings { TlsCertificateFile = certFile, TlsKeyFile = otherKey }));
        Assert.Contains("could not be loaded", ex.Message);
    }
}
