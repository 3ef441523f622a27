using System;
using System.Collections.Generic;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ec2;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>
/// R14: the labels Prometheus's <c>role: ecs</c> reads from DescribeInstances for a task on an EC2 container instance:
/// instance type, public IPv4, and one <c>__meta_ecs_tag_ec2_&lt;key&gt;</c> per instance tag.
/// </summary>
internal static class Ec2HostLabels
{
    /// <summary>The prefix of the instance tag labels.</summary>
    public const string TagPrefix = "__meta_ecs_tag_ec2_";

    /// <summary>
    /// The labels of a task on <paramref name="host"/> (null: not on an EC2 instance, or not known: empty values).
    /// <c>__meta_ecs_public_ip</c> is the instance's public IPv4 except in awsvpc mode, where the task's own ENI
    /// would be needed (ec2:DescribeNetworkInterfaces, which discovery does not call): empty there.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Build(Ec2HostFacts? host, bool awsVpc)
    {
        yield return new("__meta_ecs_ec2_instance_type", host?.InstanceType ?? "");
        yield return new("__meta_ecs_ec2_instance_public_ip", host?.PublicIpv4 ?? "");
        yield return new("__meta_ecs_public_ip", awsVpc ? "" : host?.PublicIpv4 ?? "");

        // Keys sanitised as Prometheus does (R16). Two keys that sanitise alike ("a.b", "a-b"): the first in ordinal
        // order wins, so the result does not depend on the order EC2 lists tags in.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in (host?.Tags ?? new Dictionary<string, string>()).Where(t => t.Key.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var name = TagPrefix + TagLabelRule.SanitizeMetaName(tag.Key);
            if (seen.Add(name))
            {
                yield return new(name, tag.Value ?? "");
            }
        }
    }
}
