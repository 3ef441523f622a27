using System.Globalization;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Pieces of running tasks as ECS returns them, written in the scenario format, shared by the
/// <see cref="ScenarioGenerator"/> and by tasks started over the control endpoints so both look
/// like real DescribeTasks answers (the shape of the AWS CLI's describe-tasks examples): every
/// field a real answer carries, most of which discovery never reads, so a client parses (and a
/// benchmark measures) a payload of the real size.
/// </summary>
internal static class TaskShapes
{
    /// <summary>2025-06-01T00:00:00Z: generated timestamps fall in the 30 days after it, derived from the task, so they are the same on every run.</summary>
    private const long EpochMillis = 1_748_736_000_000;
    private const long SpreadMillis = 30L * 24 * 3600 * 1000;

    /// <summary>A runtime port binding, as bridge and host containers report it.</summary>
    public static JsonObject Binding(long containerPort, long hostPort, string protocol = "tcp") => new()
    {
        ["bindIP"] = "0.0.0.0",
        ["containerPort"] = containerPort,
        ["hostPort"] = hostPort,
        ["protocol"] = protocol,
    };

    /// <summary>
    /// A container of a RUNNING task as DescribeTasks returns it (the emulator adds <c>containerArn</c>):
    /// <c>networkBindings</c> always (empty in awsvpc mode, where the container has the ENI's address in
    /// <c>networkInterfaces</c> instead; bridge and host containers have <c>networkInterfaces: []</c>),
    /// the image digest and runtime id, the health status (<c>HEALTHY</c> when the container definition
    /// has a health check, else <c>UNKNOWN</c>), cpu and memory as strings, and the ECS Exec agent when
    /// the task has execute command enabled.
    /// </summary>
    /// <param name="task">The task the container belongs to.</param>
    /// <param name="definition">The container definition it runs (name, image, cpu, memory, healthCheck are read).</param>
    /// <param name="networkBindings">The runtime bindings; empty for awsvpc.</param>
    /// <param name="eni">The task's ENI attachment (awsvpc), or null.</param>
    public static JsonObject RunningContainer(RunningTask task, JsonObject definition, JsonArray networkBindings, JsonObject? eni)
    {
        var name = JsonFields.AsString(definition["name"]) ?? "";
        var image = JsonFields.AsString(definition["image"]);
        var container = new JsonObject
        {
            ["taskArn"] = task.TaskArn,
            ["name"] = name,
        };
        if (image is not null)
        {
            container["image"] = image;
            container["imageDigest"] = "sha256:" + StableIds.Hex("image/" + image, 64);
        }

        container["runtimeId"] = task.Fargate
            ? $"{task.TaskId}-{StableIds.Digits($"runtime/{task.Seed}/{name}", 10)}"
            : StableIds.Hex($"runtime/{task.Seed}/{name}", 64);
        container["lastStatus"] = "RUNNING";
        container["networkBindings"] = networkBindings;
        container["networkInterfaces"] = eni is null
            ? new JsonArray()
            : new JsonArray(new JsonObject
            {
                ["attachmentId"] = eni["id"]?.DeepClone(),
                ["privateIpv4Address"] = PrivateAddress(eni),
            });
        container["healthStatus"] = definition["healthCheck"] is JsonObject ? "HEALTHY" : "UNKNOWN";
        container["cpu"] = NumberText(definition["cpu"]) ?? "0";
        if (NumberText(definition["memory"]) is { } memory)
        {
            container["memory"] = memory;
        }

        if (task.ExecuteCommand)
        {
            container["managedAgents"] = new JsonArray(new JsonObject
            {
                ["lastStartedAt"] = task.Timestamp(14_100),
                ["name"] = "ExecuteCommandAgent",
                ["lastStatus"] = "RUNNING",
            });
        }

        return container;
    }

    /// <summary>
    /// Adds to a task in scenario format the fields a real DescribeTasks answer carries besides those
    /// discovery reads: attributes, capacity provider, connectivity, task cpu and memory (from the
    /// definition), timestamps, execute command, health, overrides, the Fargate platform, startedBy for
    /// service tasks, tags, version, and <c>attachments: []</c> for tasks without an ENI. A field the
    /// task already has is left alone.
    /// </summary>
    public static void AddRunningTaskFields(JsonObject task, RunningTask facts, JsonObject definition)
    {
        var containers = task["containers"] as JsonArray ?? [];
        task.TryAdd("attachments", new JsonArray());
        task.TryAdd("attributes", new JsonArray(new JsonObject { ["name"] = "ecs.cpu-architecture", ["value"] = "x86_64" }));
        task.TryAdd("capacityProviderName", facts.Fargate ? "FARGATE" : facts.Cluster + "-asg");
        task.TryAdd("connectivity", "CONNECTED");
        task.TryAdd("connectivityAt", facts.Timestamp(1_200));
        if (NumberText(definition["cpu"]) is { } cpu)
        {
            task.TryAdd("cpu", cpu);
        }

        task.TryAdd("createdAt", facts.Timestamp(0));
        task.TryAdd("enableExecuteCommand", facts.ExecuteCommand);
        task.TryAdd("healthStatus", containers.OfType<JsonObject>().Any(c => JsonFields.AsString(c["healthStatus"]) == "HEALTHY") ? "HEALTHY" : "UNKNOWN");
        if (NumberText(definition["memory"]) is { } memory)
        {
            task.TryAdd("memory", memory);
        }

        var overrides = new JsonArray();
        foreach (var container in containers.OfType<JsonObject>())
        {
            overrides.Add(new JsonObject { ["name"] = container["name"]?.DeepClone() });
        }

        task.TryAdd("overrides", new JsonObject { ["containerOverrides"] = overrides, ["inferenceAcceleratorOverrides"] = new JsonArray() });
        if (facts.Fargate)
        {
            task.TryAdd("platformVersion", "1.4.0");
            task.TryAdd("platformFamily", "Linux");
        }

        task.TryAdd("pullStartedAt", facts.Timestamp(2_400));
        task.TryAdd("pullStoppedAt", facts.Timestamp(9_800));
        task.TryAdd("startedAt", facts.Timestamp(13_300));
        if (JsonFields.AsString(task["group"]) is { } group && group.StartsWith("service:", StringComparison.Ordinal))
        {
            task.TryAdd("startedBy", "ecs-svc/" + StableIds.Digits($"service/{facts.Cluster}/{group}", 19));
        }

        task.TryAdd("tags", new JsonArray());
        task.TryAdd("version", 4);
        if (facts.Fargate)
        {
            task.TryAdd("ephemeralStorage", new JsonObject { ["sizeInGiB"] = 20 });
        }
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

    /// <summary>A task's identity and the facts its generated fields derive from.</summary>
    /// <param name="Scope">The account and region of its ARNs.</param>
    /// <param name="Cluster">The cluster name.</param>
    /// <param name="TaskId">The task id (last segment of its ARN).</param>
    /// <param name="Fargate">Whether the task runs on Fargate.</param>
    /// <param name="ExecuteCommand">Whether ECS Exec is enabled (the task then has the ExecuteCommandAgent).</param>
    internal sealed record RunningTask(AwsScope Scope, string Cluster, string TaskId, bool Fargate, bool ExecuteCommand)
    {
        public string TaskArn => EcsArns.Task(Scope, Cluster, TaskId);

        public string Seed => Cluster + "/" + TaskId;

        /// <summary>Epoch seconds with milliseconds, as the JSON 1.1 protocol sends timestamps: the task's creation plus <paramref name="afterMillis"/>.</summary>
        public JsonNode Timestamp(long afterMillis)
        {
            var created = EpochMillis + (long)(ulong.Parse(StableIds.Hex("created/" + Seed, 12), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % SpreadMillis);
            return JsonValue.Create((created + afterMillis) / 1000m);
        }
    }

    private static string? PrivateAddress(JsonObject eni) =>
        (eni["details"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(d => JsonFields.AsString(d["name"]) == "privateIPv4Address")
            .Select(d => JsonFields.AsString(d["value"]))
            .FirstOrDefault();

    // The Container object has cpu and memory as strings, where the definition has numbers.
    private static string? NumberText(JsonNode? node) =>
        JsonFields.TryGetInteger(node, out var value) ? value.ToString(CultureInfo.InvariantCulture) : JsonFields.AsString(node);

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
