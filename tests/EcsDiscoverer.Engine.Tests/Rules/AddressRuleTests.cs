using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Rules;

public class AddressRuleTests
{
    private const string V4 = "10.0.3.4";
    private const string V6 = "2001:db8:1::4";

    private static EcsContainer WithInterface(string? ip, string? ipv6 = null) =>
        new() { NetworkInterfaces = new List<EcsNetworkInterface> { new() { PrivateIpv4Address = ip, Ipv6Address = ipv6 } } };

    private static Ec2HostFacts? Host(string? ipv4, string? ipv6 = null) =>
        ipv4 is null && ipv6 is null ? null : new Ec2HostFacts { PrivateIpv4 = ipv4, Ipv6 = ipv6 };

    private static List<EcsAttachment> Eni(string? ip, string type = "ElasticNetworkInterface", string? ipv6 = null, string ipv6Name = "ipv6Address")
    {
        var details = new List<EcsKeyValue> { new() { Name = "subnetId", Value = "subnet-1" }, new() { Name = "privateIPv4Address", Value = ip } };
        if (ipv6 is not null)
        {
            details.Add(new EcsKeyValue { Name = ipv6Name, Value = ipv6 });
        }

        return new() { new EcsAttachment { Type = type, Details = details } };
    }

    [Fact(DisplayName = "R5: awsvpc uses the container's network interface")]
    public void AwsVpcInterface() =>
        Assert.Equal("10.0.3.4", AddressRule.Resolve(NetworkMode.AwsVpc, WithInterface("10.0.3.4"), Eni("10.9.9.9"), Host("10.0.0.1")));

    [Fact(DisplayName = "R5: awsvpc falls back to the ENI attachment's privateIPv4Address")]
    public void AwsVpcAttachment() =>
        Assert.Equal("10.0.2.20", AddressRule.Resolve(NetworkMode.AwsVpc, new EcsContainer(), Eni("10.0.2.20"), null));

    [Fact(DisplayName = "R5: awsvpc never uses the host's address")]
    public void AwsVpcIgnoresHost() =>
        Assert.Null(AddressRule.Resolve(NetworkMode.AwsVpc, new EcsContainer(), null, Host("10.0.0.1", V6)));

    [Fact(DisplayName = "R5: attachments of another type are not read")]
    public void OtherAttachmentType() =>
        Assert.Null(AddressRule.Resolve(NetworkMode.AwsVpc, null, Eni("10.0.2.20", "Service Connect", V6), null));

    [Theory(DisplayName = "R5: bridge and host use the EC2 instance's private IP")]
    [InlineData(NetworkMode.Bridge)]
    [InlineData(NetworkMode.Host)]
    public void HostModes(NetworkMode mode) =>
        Assert.Equal("10.0.1.10", AddressRule.Resolve(mode, WithInterface("10.9.9.9"), null, Host("10.0.1.10")));

    [Theory(DisplayName = "R5: no address, or one that is not IPv4, means no-address (nothing else reaches a target string)")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-ip")]
    [InlineData("10.0.1")]
    [InlineData("fe80::1")]
    [InlineData("10.0.1.10:80")]
    [InlineData("10.0.1.10\n")]
    [InlineData("10.0.1.256")]
    public void Invalid(string? ip)
    {
        var expected = ip == "10.0.1.10\n" ? "10.0.1.10" : null;
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.Bridge, null, null, Host(ip)));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.AwsVpc, WithInterface(ip), null, null));
    }

    // R15: what each ADDRESS_FAMILY picks from an IPv4-only, a dual-stack and an IPv6-only task, on an EC2 host
    // (bridge) and on its own ENI (awsvpc, interface and attachment).
    [Theory(DisplayName = "R15: ADDRESS_FAMILY picks the family: IPv4-only, dual-stack and IPv6-only tasks in every mode")]
    [InlineData("ipv4-preferred", V4, null, V4)]
    [InlineData("ipv4-preferred", V4, V6, V4)]
    [InlineData("ipv4-preferred", null, V6, V6)]
    [InlineData("ipv6-preferred", V4, null, V4)]
    [InlineData("ipv6-preferred", V4, V6, V6)]
    [InlineData("ipv6-preferred", null, V6, V6)]
    [InlineData("ipv4", V4, null, V4)]
    [InlineData("ipv4", V4, V6, V4)]
    [InlineData("ipv4", null, V6, null)]
    [InlineData("ipv6", V4, null, null)]
    [InlineData("ipv6", V4, V6, V6)]
    [InlineData("ipv6", null, V6, V6)]
    public void FamilyTable(string setting, string? ipv4, string? ipv6, string? expected)
    {
        Assert.True(AddressFamilyPreferences.TryParse(setting, out var family));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.Bridge, null, null, Host(ipv4, ipv6), family));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.Host, null, null, Host(ipv4, ipv6), family));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.AwsVpc, WithInterface(ipv4, ipv6), null, null, family));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.AwsVpc, new EcsContainer(), Eni(ipv4, ipv6: ipv6), null, family));
    }

    [Fact(DisplayName = "R15: an IPv6-only task is found with no setting (the default is ipv4-preferred)")]
    public void DefaultFindsIpv6Only()
    {
        Assert.Equal(AddressFamilyPreference.Ipv4Preferred, new RuleSettings().AddressFamily);
        Assert.Equal(V6, AddressRule.Resolve(NetworkMode.Bridge, null, null, Host(null, V6)));
    }

    [Theory(DisplayName = "R15: the ENI attachment's IPv6 detail is read as ipv6Address in any case, and only from the ENI")]
    [InlineData("ipv6Address", "ElasticNetworkInterface", V6)]
    [InlineData("IPV6ADDRESS", "ElasticNetworkInterface", V6)]
    [InlineData("ipv6Address", "Service Connect", null)]
    [InlineData("privateIPv6Address", "ElasticNetworkInterface", null)]
    public void AttachmentDetail(string name, string type, string? expected) =>
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.AwsVpc, null, Eni(null, type, V6, name), null));

    [Fact(DisplayName = "R15: awsvpc takes the first interface that has an IPv6 address")]
    public void FirstInterfaceWithIpv6()
    {
        var container = new EcsContainer { NetworkInterfaces = new List<EcsNetworkInterface> { null!, new() { PrivateIpv4Address = V4 }, new() { Ipv6Address = V6 } } };
        Assert.Equal(V6, AddressRule.Resolve(NetworkMode.AwsVpc, container, null, null, AddressFamilyPreference.Ipv6));
    }

    [Theory(DisplayName = "R15: only a real IPv6 literal reaches a target: no zone id, brackets, port, prefix, mapped or compatible IPv4; written compressed")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData(" 2001:DB8:0:0:0:0:0:1 ", "2001:db8::1")]
    [InlineData("fd00:ec2::254", "fd00:ec2::254")]
    [InlineData("64:ff9b::10.0.0.1", "64:ff9b::a00:1")]
    [InlineData("fe80::1%eth0", null)]
    [InlineData("fe80::1%2", null)]
    [InlineData("[2001:db8::1]", null)]
    [InlineData("[2001:db8::1]:80", null)]
    [InlineData("2001:db8::1/64", null)]
    [InlineData("::ffff:10.0.0.1", null)]
    [InlineData("::10.0.0.1", null)]
    [InlineData("::", null)]
    [InlineData("2001:db8::g", null)]
    [InlineData("2001:db8:::1", null)]
    [InlineData("10.0.0.1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ValidIPv6(string? text, string? expected)
    {
        Assert.Equal(expected, AddressRule.ValidIPv6(text));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.Bridge, null, null, Host(null, text), AddressFamilyPreference.Ipv6));
        Assert.Equal(expected, AddressRule.Resolve(NetworkMode.AwsVpc, WithInterface(null, text), null, null, AddressFamilyPreference.Ipv6));
    }

    [Theory(DisplayName = "R15: targets are host:port, an IPv6 host in brackets")]
    [InlineData("10.0.1.10", 9100, "10.0.1.10:9100")]
    [InlineData("2001:db8::1", 9100, "[2001:db8::1]:9100")]
    public void HostPort(string host, int port, string expected)
    {
        Assert.Equal(expected, AddressRule.HostPort(host, port));
        Assert.Equal(expected, new ScrapeTarget { Host = host, Port = port }.Target);
    }

    [Theory(DisplayName = "R15: the no-address detail names the family that was wanted")]
    [InlineData(NetworkMode.Bridge, AddressFamilyPreference.Ipv4, "no private IPv4 address (ADDRESS_FAMILY ipv4) is known for the task's host (EC2 instance i-0aaa)")]
    [InlineData(NetworkMode.Bridge, AddressFamilyPreference.Ipv6, "no IPv6 address (ADDRESS_FAMILY ipv6) is known for the task's host (EC2 instance i-0aaa)")]
    [InlineData(NetworkMode.Host, AddressFamilyPreference.Ipv4Preferred, "no private IPv4 or IPv6 address is known for the task's host (EC2 instance i-0aaa)")]
    [InlineData(NetworkMode.AwsVpc, AddressFamilyPreference.Ipv6, "the task has no IPv6 address (ADDRESS_FAMILY ipv6) on its network interface or ENI attachment")]
    public void MissingDetail(NetworkMode mode, AddressFamilyPreference family, string expected) =>
        Assert.Equal(expected, AddressRule.MissingDetail(mode, "i-0aaa", family));

    [Fact(DisplayName = "R5 (ECS Anywhere): the no-address detail of a managed instance says it is not looked up, and what a lookup would need")]
    public void ManagedInstanceDetail()
    {
        var detail = AddressRule.MissingDetail(NetworkMode.Bridge, "mi-0123456789abcdef0", AddressFamilyPreference.Ipv4Preferred);
        Assert.Contains("ECS Anywhere managed instance mi-0123456789abcdef0", detail, System.StringComparison.Ordinal);
        Assert.Contains("ssm:DescribeInstanceInformation", detail, System.StringComparison.Ordinal);
    }

    [Theory(DisplayName = "R15: ADDRESS_FAMILY names, any case; anything else is not one")]
    [InlineData("ipv4-preferred", AddressFamilyPreference.Ipv4Preferred)]
    [InlineData(" IPv6-Preferred ", AddressFamilyPreference.Ipv6Preferred)]
    [InlineData("IPV4", AddressFamilyPreference.Ipv4)]
    [InlineData("ipv6", AddressFamilyPreference.Ipv6)]
    public void Names(string name, AddressFamilyPreference expected)
    {
        Assert.True(AddressFamilyPreferences.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.True(AddressFamilyPreferences.TryParse(AddressFamilyPreferences.Name(parsed), out var again));
        Assert.Equal(parsed, again);
        Assert.False(AddressFamilyPreferences.TryParse("dual", out _));
    }
}
