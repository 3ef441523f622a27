using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Rules;
using FsCheck;
using FsCheck.Fluent;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// FsCheck generators of hostile input for the pure rule functions: strings from an alphabet of troublemakers
/// (controls, quotes, JSON punctuation, RTL marks, lone surrogates, look-alike digits and letters), arbitrary Unicode,
/// the corpus' hostile values, near-valid numbers, endpoint lists, ARNs, and whole tasks with their definitions.
/// </summary>
internal static class BadInputGenerators
{
    /// <summary>Characters that have broken parsers, escapers and label sanitizers before.</summary>
    private static readonly char[] Troublemakers =
        ("\0\t\n\r \"\\/:,;._-{}[]$@%#?&=+*'`<>|~!^()" + "aZz09_" + "\u00A0\u2003\u202E\u202C\u200B\uFEFF\u0130\u0131\u212A\u00DF\u00FC\u03A9"
            + "\uFF10\uFF18\u0660\u0668\u0663\uD800\uDBFF\uDC00\uDFFF\uFFFD\uFFFF").ToCharArray();

    private static readonly string[] Intervals = { "15s", "30s", "1m", "5m" };

    public static Gen<string> TroubleString =>
        Gen.Frequency(
            (6, Gen.ArrayOf(Gen.Elements(Troublemakers)).Select(chars => new string(chars))),
            (3, ArbMap.Default.GeneratorFor<UnicodeString>().Select(u => u.Item ?? "")),
            (2, Gen.Elements(HostileText.Values.Select(v => HostileText.IsLoneSurrogate(v.Value) ? "x\uD800y" : v.Value).ToArray())),
            (2, Gen.Elements("", " ", "true", "false", "0", "no", "off", "OFF", "/metrics", "__address__", "__metrics_path__", "__scheme__", "__meta_ecs_task_arn")),
            (1, Gen.Choose(1, 4).Select(n => string.Concat(Enumerable.Repeat("\uD83D\uDE00", n)) + "\uD83D")));

    /// <summary>Numbers as text, near and beyond the port range, with the paddings and decorations users type.</summary>
    public static Gen<string> NumberLike =>
        from n in Gen.Frequency((3, Gen.Choose(-2, 70000)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from format in Gen.Elements("{0}", " {0} ", "\t{0}\n", "0{0}", "+{0}", "{0}.0", "0x{0:x}", "{0}\0", "\u00A0{0}", "{0:N0}", "{0}e0", "'{0}'")
        select string.Format(CultureInfo.InvariantCulture, format, n);

    public static Gen<string?> SettingValue =>
        Gen.Frequency((5, TroubleString.Select(s => (string?)s)), (3, NumberLike.Select(s => (string?)s)), (1, Gen.Constant<string?>(null)));

    /// <summary>A <c>PROMETHEUS_ENDPOINT</c>-like list: entries of known and unknown intervals and paths, glued by commas.</summary>
    public static Gen<string> EndpointList =>
        from entries in Gen.ArrayOf(
            from interval in Gen.Frequency((3, Gen.Elements(Intervals)), (1, Gen.Constant("")), (1, TroubleString))
            from path in Gen.Frequency((3, Gen.Elements("/metrics", "/a", "b", "/a:b", "")), (1, TroubleString))
            from withInterval in ArbMap.Default.GeneratorFor<bool>()
            from pad in Gen.Elements("", " ", "\t", "  ")
            select pad + (withInterval ? interval + ":" : "") + path + pad)
        select string.Join(",", entries);

    public static Gen<string> Arn =>
        from partition in Gen.Elements("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b")
        from region in Gen.Elements("us-east-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1")
        from kind in Gen.Elements("task", "container-instance", "container")
        from cluster in Gen.Elements("prod", "c0", "my_cluster-1")
        from id in Gen.Elements("0123456789abcdef0123456789abcdef", "t-1", "6f1e9a0c-4a1b-4c2d-8e3f-9a0b1c2d3e4f")
        from newFormat in ArbMap.Default.GeneratorFor<bool>()
        select $"arn:{partition}:ecs:{region}:123456789012:{kind}/{(newFormat ? cluster + "/" : "")}{id}";

    /// <summary>A task, its definition and its host, anything from well-formed to hostile, for <see cref="TaskTargetRule.Evaluate"/>.</summary>
    public static Gen<TaskFacts> Facts =>
        from mode in Gen.Elements<string?>(null, "", "bridge", "host", "awsvpc", "none", "HOST", "weird")
        from count in Gen.Choose(0, 4)
        from definitions in Gen.CollectToArray(Enumerable.Range(0, count), ContainerDefinition)
        from running in Gen.CollectToArray(definitions, d => RuntimeContainer(d.Name!))
        from keep in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), count)
        from status in Gen.Frequency((6, Gen.Constant<string?>("RUNNING")), (1, Gen.Elements<string?>(null, "PENDING", "PROVISIONING", "running", "")))
        from taskArn in Gen.Frequency((4, Arn), (1, TroubleString))
        from launchType in Gen.Elements<string?>("EC2", "FARGATE", "EXTERNAL", null, "\"}]")
        from hostIp in Gen.Frequency((4, Gen.Elements<string?>("10.0.0.1", "192.168.1.2")), (1, Gen.Elements<string?>(null, "", "::1", "999.0.0.1", "1.2.3", "4294967295", " 10.0.0.9 ")), (1, TroubleString.Select(s => (string?)s)))
        from eniIp in Gen.Elements<string?>("10.1.0.5", null, "nope", "10.1.0.256")
        from family in Gen.Frequency((4, Gen.Constant<string?>("fam")), (1, TroubleString.Select(s => (string?)s)), (1, Gen.Constant<string?>(null)))
        from revision in Gen.Frequency((4, Gen.Choose(1, 50)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from taskGroup in Gen.Elements<string?>(null, "service:web", "family:x", "service:\"}]\n")
        from overrides in OverrideFor(definitions)
        select new TaskFacts(
            new EcsTask
            {
                TaskArn = taskArn,
                ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                LastStatus = status,
                LaunchType = launchType,
                ContainerInstanceArn = launchType == "FARGATE" ? null : "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci",
                Group = taskGroup,
                Containers = running.Where((_, i) => keep[i]).Append(null!).ToList(),
                Attachments = new List<EcsAttachment>
                {
                    new() { Type = "ElasticNetworkInterface", Details = new List<EcsKeyValue> { new() { Name = "privateIPv4Address", Value = eniIp } } },
                },
                Overrides = overrides,
            },
            new EcsTaskDefinition { Family = family, Revision = revision, NetworkMode = mode, ContainerDefinitions = definitions.Append(null!).ToList() },
            "prod",
            "i-0123",
            hostIp);

    private static Gen<EcsContainerDefinition> ContainerDefinition(int index) =>
        from variables in Gen.ArrayOf(Variable)
        from marked in Gen.Frequency((4, Gen.Constant<string?>("true")), (1, SettingValue), (1, Gen.Constant<string?>("false")))
        from mappings in Gen.ArrayOf(PortMapping)
        select new EcsContainerDefinition
        {
            // Unique names, so that each definition's fate can be told apart; one of them tries hostile text.
            Name = index == 3 ? "c3\"}]\n" : "c" + index.ToString(CultureInfo.InvariantCulture),
            Image = "img",
            Environment = variables.Prepend(new EcsKeyValue { Name = "PROMETHEUS", Value = marked }).ToList(),
            PortMappings = mappings.Select(m => m!).ToList(),
        };

    private static Gen<EcsKeyValue> Variable =>
        from name in Gen.Frequency(
            (6, Gen.Elements("PROMETHEUS_PORT", "PROMETHEUS_CONTAINER_PORT", "PROMETHEUS_ENDPOINT", "PROMETHEUS_NOLABELS", "PROMETHEUS")),
            (4, Gen.Elements("PROMETHEUS_LABEL_", "PROMETHEUS_LABEL_team", "PROMETHEUS_LABEL___address__", "PROMETHEUS_LABEL_job", "PROMETHEUS_LABEL_instance", "PROMETHEUS_LABEL_metrics_path")),
            (3, TroubleString.Select(s => "PROMETHEUS_LABEL_" + s)),
            (1, TroubleString))
        from value in Gen.Frequency((2, SettingValue), (1, EndpointList.Select(s => (string?)s)))
        select new EcsKeyValue { Name = name, Value = value };

    private static Gen<EcsPortMapping?> PortMapping =>
        Gen.Frequency(
            (5, from c in PortNumber from h in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, PortNumber)) select (EcsPortMapping?)new EcsPortMapping { ContainerPort = c, HostPort = h }),
            (1, Gen.Constant<EcsPortMapping?>(null)));

    private static Gen<int?> PortNumber =>
        Gen.Frequency((4, Gen.Choose(1, 65535).Select(p => (int?)p)), (1, Gen.Elements<int?>(null, 0, -1, 65536, 70000, int.MinValue, int.MaxValue)));

    private static Gen<EcsContainer> RuntimeContainer(string name) =>
        from bindings in Gen.ArrayOf(
            from containerPort in Gen.Frequency((3, Gen.Elements<int?>(8080, 9090)), (1, PortNumber))
            from hostPort in PortNumber
            from bindIp in Gen.Elements<string?>("0.0.0.0", "::", null, "garbage")
            select new EcsNetworkBinding { ContainerPort = containerPort, HostPort = hostPort, BindIP = bindIp })
        from interfaceIp in Gen.Elements<string?>(null, "10.1.0.6", "x")
        select new EcsContainer
        {
            Name = name,
            ContainerArn = "arn:aws:ecs:us-east-1:123456789012:container/prod/t/" + name,
            NetworkBindings = bindings.ToList(),
            NetworkInterfaces = interfaceIp is null ? null : new List<EcsNetworkInterface> { new() { PrivateIpv4Address = interfaceIp } },
        };

    private static Gen<EcsTaskOverride?> OverrideFor(EcsContainerDefinition[] definitions) =>
        definitions.Length == 0
            ? Gen.Constant<EcsTaskOverride?>(null)
            : Gen.Frequency(
                (3, Gen.Constant<EcsTaskOverride?>(null)),
                (1, from target in Gen.Elements(definitions.Select(d => d.Name).ToArray())
                    from variables in Gen.ArrayOf(Variable)
                    select (EcsTaskOverride?)new EcsTaskOverride
                    {
                        ContainerOverrides = new List<EcsContainerOverride> { new() { Name = target, Environment = variables.ToList() }, null! },
                    }));
}
