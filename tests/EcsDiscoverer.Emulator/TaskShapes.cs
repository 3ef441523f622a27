using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Pieces of running tasks as ECS returns them, written in the scenario format, shared by the
/// <see cref="ScenarioGenerator"/> and by tasks started over the control endpoints so both look
/// like the hand-written <c>Scenarios/demo.json</c>.
/// </summary>
internal static class TaskShapes
{
    /// <summary>A runtime port binding, as bridge and host containers report it.</summary>
    public static JsonObject Binding(long containerPort, long hostPort, string protocol = "tcp") => new()
    {
        ["bindIP"] = "0.0.0.0",
        ["containerPort"] = containerPort,
        ["hostPort"] = hostPort,
        ["protocol"] = protocol,
    };

    /// <summary>A RUNNING task container; without bindings (awsvpc) the field stays absent, as in ECS.</summary>
    public static JsonObject RunningContainer(string name, string? image, JsonArray? networkBindings)
    {
        var container = new JsonObject { ["name"] = name };
        if (image is not null)
        {
            container["image"] = image;
        }

        container["lastStatus"] = "RUNNING";
        if (networkBindings is not null)
        {
            container["networkBindings"] = networkBindings;
        }

        return container;
    }

    /// <summary>
    /// The ENI attachment of an awsvpc task, the shape of demo.json's Fargate task: discovery
    /// reads the address from its <c>privateIPv4Address</c> detail.
    /// </summary>
    public static JsonObject EniAttachment(string seed, string region, string privateIp) => new()
    {
        ["id"] = StableIds.Uuid("attachment/" + seed),
        ["type"] = "ElasticNetworkInterface",
        ["status"] = "ATTACHED",
        ["details"] = new JsonArray(
            Detail("subnetId", "subnet-" + StableIds.Hex("subnet/" + region, 17)),
            Detail("networkInterfaceId", "eni-" + StableIds.Hex("eni/" + seed, 17)),
            Detail("macAddress", MacAddress(seed)),
            Detail("privateDnsName", PrivateDnsName(region, privateIp)),
            Detail("privateIPv4Address", privateIp)),
    };

    /// <summary>The zone of a region, cycling through a, b and c.</summary>
    public static string AvailabilityZone(string region, int index) => region + "abc"[index % 3];

    // EC2's naming: ip-10-0-2-20.ec2.internal in us-east-1, ip-....REGION.compute.internal elsewhere.
    private static string PrivateDnsName(string region, string ip)
    {
        var host = "ip-" + ip.Replace('.', '-');
        return region == "us-east-1" ? host + ".ec2.internal" : $"{host}.{region}.compute.internal";
    }

    private static string MacAddress(string seed)
    {
        var hex = StableIds.Hex("mac/" + seed, 10);
        return "0a:" + string.Join(':', Enumerable.Range(0, 5).Select(i => hex.Substring(i * 2, 2)));
    }

    private static JsonObject Detail(string name, string value) => new() { ["name"] = name, ["value"] = value };
}
