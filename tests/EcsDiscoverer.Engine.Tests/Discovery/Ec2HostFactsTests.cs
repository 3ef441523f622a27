using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.BadInput;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Discovery;

/// <summary>
/// R5, R14, R15 and ECS Anywhere end to end on the emulator: EC2 hosts with IPv4, IPv6 or both, an awsvpc task with
/// an IPv6 interface, and an ECS Anywhere managed instance (<c>mi-</c>) beside them.
/// </summary>
public class Ec2HostFactsTests
{
    internal const string Cluster = "edge";
    internal const string DualStackHost = "2001:db8::a";
    internal const string Ipv6OnlyHost = "2001:db8::b";
    internal const string AwsVpcIpv6 = "2001:db8:1::7";
    internal const string ManagedInstance = "mi-0123456789abcdef0";

    /// <summary>The scenario: tasks on a dual-stack, an IPv6-only and a managed instance, and an awsvpc task.</summary>
    internal static string Scenario(bool httpsOnIpv6Only = false) => $$"""
        {
          "region": "us-east-1",
          "instances": [
            { "instanceId": "i-0000000000000aaaa", "privateIpAddress": "10.0.1.10", "ipv6Address": "{{DualStackHost}}",
              "instanceType": "m7g.large", "publicIpAddress": "203.0.113.10", "subnetId": "subnet-0aaa",
              "tags": [ { "key": "Name", "value": "web-1" }, { "key": "aws:autoscaling:groupName", "value": "asg-1" }, { "key": "team.owner", "value": "payments" } ] },
            { "instanceId": "i-0000000000000bbbb", "ipv6Addresses": [ "{{Ipv6OnlyHost}}", "2001:db8::c" ], "instanceType": "t4g.small", "subnetId": "subnet-0bbb" }
          ],
          "taskDefinitions": [
            { "family": "web", "revision": 1, "networkMode": "bridge",
              "containerDefinitions": [ { "name": "app", "image": "nginx",
                  "environment": [ { "name": "PROMETHEUS", "value": "true" } ],
                  "portMappings": [ { "containerPort": 8080, "hostPort": 0 } ] } ] },
            { "family": "secure", "revision": 1, "networkMode": "bridge",
              "containerDefinitions": [ { "name": "app", "image": "nginx",
                  "environment": [ { "name": "PROMETHEUS", "value": "true" }, { "name": "PROMETHEUS_SCHEME", "value": "{{(httpsOnIpv6Only ? "https" : "http")}}" } ],
                  "portMappings": [ { "containerPort": 8443, "hostPort": 0 } ] } ] },
            { "family": "vpc", "revision": 1, "networkMode": "awsvpc",
              "containerDefinitions": [ { "name": "app", "image": "nginx",
                  "environment": [ { "name": "PROMETHEUS", "value": "true" } ],
                  "portMappings": [ { "containerPort": 9100 } ] } ] }
          ],
          "clusters": [ { "name": "{{Cluster}}",
            "containerInstances": [
              { "id": "ci-ec2", "ec2InstanceId": "i-0000000000000aaaa" },
              { "id": "ci-v6", "ec2InstanceId": "i-0000000000000bbbb" },
              { "id": "ci-ext", "ec2InstanceId": "{{ManagedInstance}}" }
            ],
            "tasks": [
              { "id": "t-ec2", "taskDefinition": "web:1", "containerInstance": "ci-ec2", "launchType": "EC2",
                "containers": [ { "name": "app", "networkBindings": [ { "bindIP": "0.0.0.0", "containerPort": 8080, "hostPort": 32768 } ] } ] },
              { "id": "t-v6", "taskDefinition": "secure:1", "containerInstance": "ci-v6", "launchType": "EC2",
                "containers": [ { "name": "app", "networkBindings": [ { "bindIP": "::", "containerPort": 8443, "hostPort": 32769 } ] } ] },
              { "id": "t-ext", "taskDefinition": "web:1", "containerInstance": "ci-ext", "launchType": "EXTERNAL",
                "containers": [ { "name": "app", "networkBindings": [ { "bindIP": "0.0.0.0", "containerPort": 8080, "hostPort": 32770 } ] } ] },
              { "id": "t-vpc", "taskDefinition": "vpc:1", "containerInstance": "ci-ec2", "launchType": "EC2",
                "attachments": [ { "type": "ElasticNetworkInterface", "details": [ { "name": "subnetId", "value": "subnet-0vpc" } ] } ],
                "containers": [ { "name": "app", "networkInterfaces": [ { "attachmentId": "a-1", "ipv6Address": "{{AwsVpcIpv6}}" } ] } ] }
            ] } ]
        }
        """;

    private static async Task<(DiscoveryResult Result, List<string> Ec2Ids)> DiscoverAsync(EmulatorHarness harness, AddressFamilyPreference family = AddressFamilyPreference.Ipv4Preferred)
    {
        var ec2 = new RecordingEc2(harness.Connection.Ec2);
        var engine = new EcsDiscoveryEngine(harness.Connection.Ecs, ec2, harness.Caches, new DiscoveryOptions { Rules = new RuleSettings { AddressFamily = family } }.WithoutWarmup(), null);
        var result = await engine.DiscoverAsync(new DiscoveryRequest { Clusters = new[] { Cluster } }, null, default);
        Assert.Empty(result.Failures);
        return (result, ec2.Ids.ToList());
    }

    private static ScrapeTarget TargetOf(DiscoveryResult result, string taskId) => Assert.Single(result.Targets, t => t.TaskId == taskId);

    [Fact(DisplayName = "R5 (ECS Anywhere): a managed instance's task is no-address, the EC2 task beside it keeps its target, and no EC2 call carries the mi- id")]
    public async Task EcsAnywhereBesideEc2()
    {
        await using var harness = await EmulatorHarness.StartAsync(Scenario());
        var (result, ids) = await DiscoverAsync(harness);

        Assert.Equal("10.0.1.10:32768", TargetOf(result, "t-ec2").Target);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(("t-ext", SkipReason.NoAddress), (skipped.TaskId, skipped.Reason));
        Assert.Contains($"ECS Anywhere managed instance {ManagedInstance}", skipped.Detail, StringComparison.Ordinal);
        Assert.Contains("ssm:DescribeInstanceInformation", skipped.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ids, id => id.StartsWith("mi-", StringComparison.Ordinal));
        Assert.Equal(new[] { "i-0000000000000aaaa", "i-0000000000000bbbb" }, ids.OrderBy(i => i, StringComparer.Ordinal));
        Assert.Equal(1, harness.Calls("ec2:DescribeInstances"));
    }

    [Fact(DisplayName = "R15: an IPv6-only EC2 host and an IPv6-only awsvpc task are targets with no setting, [addr]:port in the target, the instance label and the file")]
    public async Task Ipv6Targets()
    {
        await using var harness = await EmulatorHarness.StartAsync(Scenario());
        var (result, _) = await DiscoverAsync(harness);

        var v6 = TargetOf(result, "t-v6");
        Assert.Equal(($"[{Ipv6OnlyHost}]:32769", Ipv6OnlyHost), (v6.Target, v6.Host));
        Assert.Equal(v6.Target, v6.Labels["instance"]);
        Assert.Equal(Ipv6OnlyHost, v6.Labels["__meta_ecs_ip_address"]);
        Assert.Equal("", v6.Labels["__meta_ecs_ec2_instance_private_ip"]);
        var vpc = TargetOf(result, "t-vpc");
        Assert.Equal($"[{AwsVpcIpv6}]:9100", vpc.Target);

        // The rendered file holds the bracketed targets, and passes the file_sd invariant.
        using var directory = new TempDirectory();
        foreach (var file in FileSdRenderer.Render(result.Targets.Select(FileSdGroup.From)))
        {
            File.WriteAllBytes(Path.Combine(directory.Path, file.FileName), file.Content);
        }

        var text = File.ReadAllText(Path.Combine(directory.Path, "tasks.json"), Encoding.UTF8);
        Assert.Contains($"\"[{Ipv6OnlyHost}]:32769\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"[{AwsVpcIpv6}]:9100\"", text, StringComparison.Ordinal);
        Assert.Empty(FileSdInvariant.CheckDirectory(directory.Path));
        Assert.Contains(FileSdReader.ReadDirectory(directory.Path), g => g.Target == $"[{Ipv6OnlyHost}]:32769");
    }

    [Theory(DisplayName = "R15: ADDRESS_FAMILY on the dual-stack host and the single-family ones")]
    [InlineData(AddressFamilyPreference.Ipv4Preferred, "10.0.1.10:32768", "[2001:db8::b]:32769")]
    [InlineData(AddressFamilyPreference.Ipv6Preferred, "[2001:db8::a]:32768", "[2001:db8::b]:32769")]
    [InlineData(AddressFamilyPreference.Ipv4, "10.0.1.10:32768", null)]
    [InlineData(AddressFamilyPreference.Ipv6, "[2001:db8::a]:32768", "[2001:db8::b]:32769")]
    public async Task FamilySetting(AddressFamilyPreference family, string dualStack, string? ipv6Only)
    {
        await using var harness = await EmulatorHarness.StartAsync(Scenario());
        var (result, _) = await DiscoverAsync(harness, family);

        Assert.Equal(dualStack, TargetOf(result, "t-ec2").Target);
        Assert.Equal(ipv6Only, result.Targets.SingleOrDefault(t => t.TaskId == "t-v6")?.Target);
        if (ipv6Only is null)
        {
            Assert.Contains(result.Skipped, s => s.TaskId == "t-v6" && s.Reason == SkipReason.NoAddress && s.Detail.Contains("IPv4 address (ADDRESS_FAMILY ipv4)", StringComparison.Ordinal));
        }
    }

    [Fact(DisplayName = "R14: DescribeInstances gives the instance type, public IP, subnet and tags of an EC2-hosted task; awsvpc has no public IP")]
    public async Task Ec2Labels()
    {
        await using var harness = await EmulatorHarness.StartAsync(Scenario());
        var (result, _) = await DiscoverAsync(harness);

        var labels = TargetOf(result, "t-ec2").Labels;
        Assert.Equal("m7g.large", labels["__meta_ecs_ec2_instance_type"]);
        Assert.Equal("203.0.113.10", labels["__meta_ecs_ec2_instance_public_ip"]);
        Assert.Equal("203.0.113.10", labels["__meta_ecs_public_ip"]);
        Assert.Equal("10.0.1.10", labels["__meta_ecs_ec2_instance_private_ip"]);
        Assert.Equal("10.0.1.10", labels["__meta_ecs_ip_address"]);
        Assert.Equal("subnet-0aaa", labels["__meta_ecs_subnet_id"]);
        Assert.Equal("web-1", labels["__meta_ecs_tag_ec2_Name"]);
        Assert.Equal("asg-1", labels["__meta_ecs_tag_ec2_aws_autoscaling_groupName"]);
        Assert.Equal("payments", labels["__meta_ecs_tag_ec2_team_owner"]);

        var vpc = TargetOf(result, "t-vpc").Labels;
        Assert.Equal("", vpc["__meta_ecs_public_ip"]);
        Assert.Equal("203.0.113.10", vpc["__meta_ecs_ec2_instance_public_ip"]);
        Assert.Equal("subnet-0vpc", vpc["__meta_ecs_subnet_id"]);
    }

    [Theory(DisplayName = "R14: EC2 tag keys are sanitised as Prometheus's SanitizeLabelName does; empty keys are skipped; alike keys: the first in ordinal order")]
    [InlineData("Name", "Name")]
    [InlineData("aws:cloudformation:stack-name", "aws_cloudformation_stack_name")]
    [InlineData("1st", "1st")]
    [InlineData("über", "_ber")]
    [InlineData("a😀b", "a_b")]
    public void TagSanitising(string key, string expected)
    {
        var labels = Ec2HostLabels.Build(new Ec2HostFacts { Tags = new Dictionary<string, string> { [key] = "v", [""] = "empty", ["a-b"] = "2", ["a.b"] = "1" } }, awsVpc: false).ToList();
        Assert.Contains(labels, l => l.Key == Ec2HostLabels.TagPrefix + expected);
        Assert.DoesNotContain(labels, l => l.Key == Ec2HostLabels.TagPrefix);
        Assert.Equal("2", Assert.Single(labels, l => l.Key == Ec2HostLabels.TagPrefix + "a_b").Value);
    }

    [Fact(DisplayName = "R15 (cache file): the host facts survive a new process, and the warm round asks EC2 nothing")]
    public async Task CacheFileRoundTrip()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "cache.json");
        await using var harness = await EmulatorHarness.StartAsync(Scenario());
        var (cold, _) = await DiscoverAsync(harness);
        new CacheFile(path).Save(harness.Session);

        harness.StartNewProcess();
        Assert.Equal(CacheFileStatus.Loaded, new CacheFile(path).LoadInto(harness.Session).Status);
        Assert.True(harness.Caches.Hosts.TryGet("i-0000000000000aaaa", out var host));
        Assert.Equal(
            (("10.0.1.10", DualStackHost, "m7g.large"), ("203.0.113.10", "subnet-0aaa", "web-1")),
            ((host.PrivateIpv4, host.Ipv6, host.InstanceType), (host.PublicIpv4, host.SubnetId, host.Tags!["Name"])));
        Assert.True(harness.Caches.Hosts.TryGet("i-0000000000000bbbb", out var v6Host));
        Assert.Equal((null, Ipv6OnlyHost), (v6Host.PrivateIpv4, v6Host.Ipv6));

        harness.Server.ResetCallCounts();
        var (warm, ids) = await DiscoverAsync(harness);
        Assert.Empty(ids);
        Assert.Equal(0, harness.Calls("ec2:DescribeInstances"));
        Assert.Equal(
            cold.Targets.Select(t => t.Target + " " + string.Join(",", t.Labels)).OrderBy(s => s, StringComparer.Ordinal),
            warm.Targets.Select(t => t.Target + " " + string.Join(",", t.Labels)).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact(DisplayName = "R15 (cache file): a file of the previous format, with bare private IPs, is ignored as foreign")]
    public async Task OldFormatIsForeign()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "cache.json");
        await using var harness = await EmulatorHarness.StartAsync(Scenario());
        await DiscoverAsync(harness);
        new CacheFile(path).Save(harness.Session);
        File.WriteAllText(path, File.ReadAllText(path).Replace(CacheFile.Format, "ecs-discoverer-cache/1", StringComparison.Ordinal));

        harness.StartNewProcess();
        var load = new CacheFile(path).LoadInto(harness.Session);
        Assert.Equal(CacheFileStatus.Foreign, load.Status);
        Assert.Contains("ecs-discoverer-cache/1", load.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Caches.Hosts.Count);
    }

    /// <summary>Passes calls through and records every instance id asked for.</summary>
    private sealed class RecordingEc2 : IEc2Api
    {
        private readonly IEc2Api _inner;

        public RecordingEc2(IEc2Api inner) => _inner = inner;

        public ConcurrentQueue<string> Ids { get; } = new();

        public int MaxBatchSize => _inner.MaxBatchSize;

        public Task<IReadOnlyDictionary<string, Ec2HostFacts>> DescribeInstancesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            foreach (var id in instanceIds)
            {
                Ids.Enqueue(id);
            }

            return _inner.DescribeInstancesAsync(instanceIds, cancellationToken);
        }
    }
}
