using System.Globalization;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Starts RUNNING tasks from a task definition the way ECS RunTask would place them: bridge
/// mappings with <c>hostPort</c> 0 get a free ephemeral port on the container instance, host
/// mode binds the container port, awsvpc tasks get an ENI attachment with a free private IP
/// (on Fargate when no container instance is named), and every task and container carries the
/// other fields of a real DescribeTasks answer (<see cref="TaskShapes"/>). The tasks then go through
/// <see cref="ScenarioState.AddTask"/> like any scenario task. Not thread-safe: runs under the
/// scenario lock.
/// </summary>
internal static class TaskLauncher
{
    public const int MaxCount = 1000;

    // Docker's ephemeral range on Linux, which ECS uses for a bridge mapping without hostPort.
    private const long FirstDynamicPort = 32768;
    private const long LastDynamicPort = 60999;

    // Addresses for awsvpc tasks: 10.200.0.1 upward, skipping any the scenario already uses.
    private const int FirstAwsVpcOctet = 200;
    private const int AddressesPerOctet = 250 * 250;

    public static List<string> Run(ScenarioState state, ClusterState cluster, string taskDefinition, string? containerInstance, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskDefinition);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);

        var definition = TaskDefinitionResolver.Find(state.TaskDefinitions, taskDefinition)
            ?? throw new ArgumentException($"The scenario has no task definition \"{taskDefinition}\".", nameof(taskDefinition));
        var definitionArn = JsonFields.AsString(definition["taskDefinitionArn"])!;
        if ((JsonFields.AsString(definition["status"]) ?? "ACTIVE") != "ACTIVE")
        {
            throw new ArgumentException($"Task definition {definitionArn} is not ACTIVE; ECS starts no tasks from it.", nameof(taskDefinition));
        }

        var family = JsonFields.AsString(definition["family"]) ?? "";
        var mode = JsonFields.AsString(definition["networkMode"]) ?? "bridge";
        var host = containerInstance is null ? null
            : cluster.FindContainerInstance(containerInstance)
                ?? throw new ArgumentException($"Cluster {cluster.Name} has no container instance \"{containerInstance}\".", nameof(containerInstance));
        if (host is null && mode != "awsvpc")
        {
            throw new ArgumentException($"Network mode {mode} needs a container instance; only awsvpc tasks run on Fargate.", nameof(containerInstance));
        }

        var hostArn = host is null ? null : JsonFields.AsString(host["containerInstanceArn"]);
        var ec2 = host is null ? null : state.FindInstance(JsonFields.AsString(host["ec2InstanceId"]) ?? "");
        var usedPorts = hostArn is null ? [] : PortsInUse(cluster, hostArn);
        var usedAddresses = mode == "awsvpc" ? AddressesInUse(state) : [];

        // The cluster's index answers for its tasks; the batch's own ids are checked here. No walk over every task.
        var batchIds = new HashSet<string>(StringComparer.Ordinal);

        // Everything is built before anything is added, so a placement failure changes nothing.
        var tasks = new List<JsonObject>();
        var sequence = Math.Max(cluster.Tasks.Count, cluster.LaunchSequence);
        var nextAddress = 0;
        for (var i = 0; i < count; i++)
        {
            string id;
            do
            {
                // 32 hex digits like an ECS task id, the same ones on every run.
                id = StableIds.Hex($"{cluster.Name}/{family}/{sequence++}", 32);
            }
            while (cluster.FindTask(id) is not null || !batchIds.Add(id));

            var task = new JsonObject
            {
                ["id"] = id,
                ["taskDefinition"] = definitionArn,
                ["launchType"] = host is null ? "FARGATE" : "EC2",
                ["group"] = "family:" + family,
            };
            if (hostArn is not null)
            {
                task["containerInstance"] = hostArn;
            }

            var facts = new TaskShapes.RunningTask(state.Scope, cluster.Name, id, Fargate: host is null, ExecuteCommand: false);
            JsonObject? eni = null;
            if (mode == "awsvpc")
            {
                var (address, index) = NextAddress(usedAddresses, ref nextAddress);
                eni = TaskShapes.EniAttachment($"{cluster.Name}/{id}", state.Region, address);
                task["attachments"] = new JsonArray(eni);
                if (host is null)
                {
                    task["availabilityZone"] = TaskShapes.AvailabilityZone(state.Region, index);
                }
            }

            if (ec2 is not null && JsonFields.AsString(ec2["availabilityZone"]) is { } zone)
            {
                task["availabilityZone"] = zone;
            }

            task["containers"] = new JsonArray(Containers(definition, mode, usedPorts, hostArn, facts, eni).ToArray());

            // A task ECS has just started is at version 1; every change adds one (see EmulatorScenario.UpdateTask).
            task["version"] = 1;
            TaskShapes.AddRunningTaskFields(task, facts, definition);
            tasks.Add(task);
        }

        var arns = tasks.ConvertAll(task => state.AddTask(cluster, task));
        cluster.LaunchSequence = sequence;
        return arns;
    }

    private static IEnumerable<JsonNode> Containers(
        JsonObject definition, string mode, HashSet<long> usedPorts, string? hostArn, TaskShapes.RunningTask facts, JsonObject? eni)
    {
        foreach (var node in definition["containerDefinitions"] as JsonArray ?? [])
        {
            if (node is JsonObject container)
            {
                // awsvpc containers have no bindings (an empty list, as ECS answers) and the ENI's address instead.
                var bindings = mode is "bridge" or "host" ? Bindings(container, mode, usedPorts, hostArn) : [];
                yield return TaskShapes.RunningContainer(facts, container, bindings, eni);
            }
        }
    }

    private static JsonArray Bindings(JsonObject container, string mode, HashSet<long> usedPorts, string? hostArn)
    {
        var bindings = new JsonArray();
        foreach (var node in container["portMappings"] as JsonArray ?? [])
        {
            if (node is not JsonObject mapping || !JsonFields.TryGetInteger(mapping["containerPort"], out var containerPort))
            {
                continue;
            }

            long hostPort;
            if ((JsonFields.TryGetInteger(mapping["hostPort"], out var fixedPort) && fixedPort > 0) || mode == "host")
            {
                hostPort = fixedPort > 0 ? fixedPort : containerPort;
                if (!usedPorts.Add(hostPort))
                {
                    // ECS cannot place such a task either (RunTask failure RESOURCE:PORTS).
                    throw new ArgumentException($"RESOURCE:PORTS: host port {hostPort} is already in use on {hostArn}.");
                }
            }
            else
            {
                hostPort = FirstDynamicPort;
                while (usedPorts.Contains(hostPort))
                {
                    hostPort++;
                }

                if (hostPort > LastDynamicPort)
                {
                    throw new ArgumentException($"RESOURCE:PORTS: no free ephemeral port left on {hostArn}.");
                }

                usedPorts.Add(hostPort);
            }

            bindings.Add(TaskShapes.Binding(containerPort, hostPort, JsonFields.AsString(mapping["protocol"]) ?? "tcp"));
        }

        return bindings;
    }

    private static (string Address, int Index) NextAddress(HashSet<string> used, ref int next)
    {
        while (next < (256 - FirstAwsVpcOctet) * AddressesPerOctet)
        {
            var index = next++;
            var address = string.Create(
                CultureInfo.InvariantCulture,
                $"10.{FirstAwsVpcOctet + (index / AddressesPerOctet)}.{index / 250 % 250}.{(index % 250) + 1}");
            if (used.Add(address))
            {
                return (address, index);
            }
        }

        throw new ArgumentException("No free private IP address left for awsvpc tasks.");
    }

    private static HashSet<long> PortsInUse(ClusterState cluster, string hostArn)
    {
        var ports = new HashSet<long>();
        foreach (var task in cluster.Tasks.Where(t => JsonFields.AsString(t["containerInstanceArn"]) == hostArn
            && JsonFields.AsString(t["lastStatus"]) != "STOPPED"))
        {
            foreach (var container in (task["containers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var binding in (container["networkBindings"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (JsonFields.TryGetInteger(binding["hostPort"], out var port))
                    {
                        ports.Add(port);
                    }
                }
            }
        }

        return ports;
    }

    private static HashSet<string> AddressesInUse(ScenarioState state)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in state.Instances)
        {
            Add(addresses, instance["privateIpAddress"]);
        }

        foreach (var cluster in state.Clusters)
        {
            addresses.UnionWith(cluster.Addresses);
        }

        return addresses;
    }

    /// <summary>The private IPs a task uses: its ENI attachments' <c>privateIPv4Address</c> and its containers' <c>networkInterfaces</c>.</summary>
    public static IEnumerable<string> AddressesOf(JsonObject task)
    {
        foreach (var attachment in (task["attachments"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var detail in (attachment["details"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (JsonFields.AsString(detail["name"]) == "privateIPv4Address" && JsonFields.AsString(detail["value"]) is { } address)
                {
                    yield return address;
                }
            }
        }

        foreach (var container in (task["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var networkInterface in (container["networkInterfaces"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (JsonFields.AsString(networkInterface["privateIpv4Address"]) is { } address)
                {
                    yield return address;
                }
            }
        }
    }

    private static void Add(HashSet<string> addresses, JsonNode? node)
    {
        if (JsonFields.AsString(node) is { } address)
        {
            addresses.Add(address);
        }
    }
}
