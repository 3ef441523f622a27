using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Tests.BadInput;
using EcsDiscoverer.Engine.Tests.Discovery;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// R15 and R13.3 with a real Prometheus: a file with <c>[ipv6]:port</c> targets, one of them in an <c>https</c>
/// (<c>__scheme__</c>) group, loads without a file_sd error and every target is active with the scrape URL Prometheus
/// builds from it. Scrapes go to the closed loopback proxy, never to the emulated addresses (see PrometheusConfig).
/// </summary>
public class PrometheusReadsIpv6Tests
{
    [Fact(DisplayName = "Prometheus (R15, R13.3): [ipv6]:port targets and an https group load, active, with https://[addr]:port URLs")]
    public async Task Ipv6AndHttpsTargetsAreLoaded()
    {
        using var directory = new TempDirectory();
        await using var harness = await EmulatorHarness.StartAsync(Ec2HostFactsTests.Scenario(httpsOnIpv6Only: true));
        var result = await harness.Engine(new DiscoveryOptions().WithoutWarmup()).DiscoverAsync(new DiscoveryRequest { Clusters = new[] { Ec2HostFactsTests.Cluster } }, null, default);
        Assert.Empty(result.Failures);
        foreach (var file in FileSdRenderer.Render(result.Targets.Select(FileSdGroup.From)))
        {
            File.WriteAllBytes(Path.Combine(directory.Path, file.FileName), file.Content);
        }

        Assert.Empty(FileSdInvariant.CheckDirectory(directory.Path));

        await using var prometheus = await PrometheusServer.StartAsync(directory.Path);
        var targets = await prometheus.WaitForFilesAsync(TimeSpan.FromSeconds(45));

        Assert.Empty(prometheus.Log.FileSdErrors);
        Assert.Equal(0, await prometheus.FileSdReadErrorsAsync());
        Assert.Empty(targets.Dropped);
        Assert.Equal(result.Targets.Count, targets.Active.Count);
        var secure = Assert.Single(targets.Active, t => t.Labels["job"] == "secure");
        Assert.Equal($"https://[{Ec2HostFactsTests.Ipv6OnlyHost}]:32769/metrics", secure.ScrapeUrl);
        Assert.Equal($"[{Ec2HostFactsTests.Ipv6OnlyHost}]:32769", secure.Instance);
        Assert.Equal($"[{Ec2HostFactsTests.Ipv6OnlyHost}]:32769", secure.DiscoveredLabels["__address__"]);
        Assert.Contains(targets.Active, t => t.ScrapeUrl == $"http://[{Ec2HostFactsTests.AwsVpcIpv6}]:9100/metrics");
        Assert.Contains(targets.Active, t => t.ScrapeUrl == "http://10.0.1.10:32768/metrics");
    }
}
