using System;
using System.IO;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Discovery;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

/// <summary>The pure parts of tab completion: profile names from the shared files, and the cluster-name cache.</summary>
public class CompletionSourcesTests
{
    [Fact(DisplayName = "Credentials file: every section is a profile; keys and comments are not read as names")]
    public void CredentialsFileSections()
    {
        const string text = "# comment\n[default]\naws_access_key_id = AKIDSECRETLOOKING\naws_secret_access_key = [not-a-section]\n\n  [ops ] \r\n[]\n[dev]\n";
        Assert.Equal(new[] { "default", "ops", "dev" }, SharedProfileNames.Parse(text, isConfigFile: false).ToArray());
    }

    [Fact(DisplayName = "Config file: [default] and [profile NAME] are profiles; sso-session and services sections are not")]
    public void ConfigFileSections()
    {
        const string text = "[default]\nregion = eu-west-1\n[profile prod]\nsso_session = corp\n[sso-session corp]\n[services local]\n[profile  spaced ]\n[notaprofile]\n";
        Assert.Equal(new[] { "default", "prod", "spaced" }, SharedProfileNames.Parse(text, isConfigFile: true).ToArray());
    }

    [Fact(DisplayName = "-ProfileLocation: its file and the config file beside it, sorted, each name once")]
    public void ProfileLocation()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ecsd-profiles-" + Guid.NewGuid().ToString("N")));
        try
        {
            var credentials = Path.Combine(directory.FullName, "my-credentials");
            File.WriteAllText(credentials, "[zeta]\naws_access_key_id=x\n[alpha]\n");
            File.WriteAllText(Path.Combine(directory.FullName, "config"), "[profile alpha]\n[profile beta]\n");
            Assert.Equal(new[] { "alpha", "beta", "zeta" }, SharedProfileNames.Find(credentials).ToArray());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact(DisplayName = "A missing -ProfileLocation file gives no profiles and no error")]
    public void MissingFile() =>
        Assert.Empty(SharedProfileNames.Find(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "credentials")));

    [Fact(DisplayName = "Cluster-name cache: served within its lifetime, gone after it, per key")]
    public void CacheExpiry()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var cache = new ClusterNameCache(TimeSpan.FromSeconds(60), () => now);
        cache.Put("endpoint|us-east-1", new[] { "a", "b" });

        now = now.AddSeconds(59);
        Assert.True(cache.TryGet("endpoint|us-east-1", out var names));
        Assert.Equal(new[] { "a", "b" }, names);
        Assert.False(cache.TryGet("endpoint|eu-west-1", out _));

        now = now.AddSeconds(1);
        Assert.False(cache.TryGet("endpoint|us-east-1", out var expired));
        Assert.Empty(expired);
    }
}
