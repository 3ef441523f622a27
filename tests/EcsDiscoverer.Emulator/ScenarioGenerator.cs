using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Builds emulator scenarios of any size for scale tests and benchmarks: clusters <c>c0</c>...,
/// families <c>fam0</c>... (revision 1), container instances <c>ci0</c>... in every cluster,
/// each on its own EC2 instance, and tasks <c>t0</c>... per cluster, mixing bridge, host and
/// Fargate tasks. Deterministic: the same options give the same JSON, byte for byte.
/// Every task is marked (<c>PROMETHEUS=true</c>) and RUNNING, so discovery should find one
/// target per task. Tasks and task definitions are shaped like real DescribeTasks and
/// DescribeTaskDefinition answers, with the many fields discovery does not read (see
/// <see cref="TaskShapes"/>), so other tools can read the scenarios and a benchmark parses a
/// payload of the real size.
/// </summary>
/// <remarks>
/// Shapes, as in <c>Scenarios/demo.json</c>:
/// <list type="bullet">
/// <item>bridge: container port 8080 bound to host port <c>30000 + task index in the cluster</c>
/// (ports repeat only after 35,000 tasks in one cluster), container instance <c>ci(k % instances)</c>
/// for the cluster's k-th bridge task;</item>
/// <item>host: each host family listens on its own port, 9100 upward; a cluster's k-th host task
/// runs family <c>k % hostFamilies</c> on <c>ci(k / hostFamilies % instances)</c>, so targets are
/// distinct while there are at most <c>hostFamilies * instances</c> host tasks per cluster;</item>
/// <item>Fargate: awsvpc, port 8080 (mapping hostPort 8080, as ECS registers awsvpc mappings), the
/// address (172.16.0.1 upward) in the task's ENI attachment and in the container's
/// <c>networkInterfaces</c>, <c>networkBindings: []</c>;</item>
/// <item>EC2 instances have addresses 10.1.0.1 upward; families take turns between no
/// <c>PROMETHEUS_ENDPOINT</c> and <c>&lt;interval&gt;:/metrics</c> for each of
/// <see cref="ScenarioGeneratorOptions.Intervals"/>.</item>
/// </list>
/// </remarks>
public static class ScenarioGenerator
{
    private const int BridgeContainerPort = 8080;
    private const int FirstBridgeHostPort = 30000;
    private const int BridgeHostPorts = 35000;
    private const int FirstHostModePort = 9100;
    private const int AddressesPerOctet = 250 * 250;

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Generates a scenario.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="ScenarioGeneratorOptions.Validate"/>).</exception>
    public static GeneratedScenario Generate(ScenarioGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var mix = TaskMix.Of(options);
        var region = options.Region;

        var instances = new JsonArray();
        for (var n = 0; n < options.Clusters * options.Instances; n++)
        {
            instances.Add(new JsonObject
            {
                ["instanceId"] = InstanceId(n),
                ["privateIpAddress"] = Address(10, 1, n),
                ["availabilityZone"] = TaskShapes.AvailabilityZone(region, n),
            });
        }

        var definitions = new JsonArray();
        for (var f = 0; f < options.Families; f++)
        {
            definitions.Add(TaskDefinition(options, mix, f));
        }

        var context = new Context(options, mix, definitions.Select(d => (JsonObject)d!).ToList());

        using var kinds = mix.Sequence().GetEnumerator();
        var clusters = new JsonArray();
        var tasksPerCluster = new List<int>();
        var fargateIndex = 0;
        for (var c = 0; c < options.Clusters; c++)
        {
            var name = Name("c", c);
            var containerInstances = new JsonArray();
            for (var i = 0; i < options.Instances; i++)
            {
                containerInstances.Add(new JsonObject { ["id"] = Name("ci", i), ["ec2InstanceId"] = InstanceId((c * options.Instances) + i) });
            }

            var count = (options.Tasks / options.Clusters) + (c < options.Tasks % options.Clusters ? 1 : 0);
            var perKind = new int[Enum.GetValues<GeneratedTaskKind>().Length];
            var tasks = new JsonArray();
            for (var t = 0; t < count; t++)
            {
                kinds.MoveNext();
                var kind = kinds.Current;
                var k = perKind[(int)kind]++;
                tasks.Add(kind switch
                {
                    GeneratedTaskKind.Bridge => BridgeTask(context, c, t, k),
                    GeneratedTaskKind.Host => HostTask(context, c, t, k),
                    _ => FargateTask(context, name, t, k, fargateIndex++),
                });
            }

            tasksPerCluster.Add(count);
            clusters.Add(new JsonObject { ["name"] = name, ["containerInstances"] = containerInstances, ["tasks"] = tasks });
        }

        var scenario = new JsonObject
        {
            ["description"] = $"Generated by the EcsDiscoverer emulator's ScenarioGenerator (test double data): {options}",
            ["region"] = region,
            ["instances"] = instances,
            ["taskDefinitions"] = definitions,
            ["clusters"] = clusters,
        };
        return new GeneratedScenario(scenario.ToJsonString(WriteOptions), options, tasksPerCluster, mix, instances.Count);
    }

    private static JsonObject TaskDefinition(ScenarioGeneratorOptions options, TaskMix mix, int family)
    {
        var kind = mix.KindOfFamily(family);
        var name = Name("fam", family);
        var region = options.Region;
        var environment = new JsonArray(Variable("PROMETHEUS", "true"));
        var slot = family % (options.Intervals.Count + 1);
        if (slot > 0)
        {
            environment.Add(Variable("PROMETHEUS_ENDPOINT", options.Intervals[slot - 1] + ":/metrics"));
        }

        // What an application's definition carries besides the marking: its own settings.
        environment.Add(Variable("AWS_REGION", region));
        environment.Add(Variable("SERVICE_NAME", name));
        environment.Add(Variable("LOG_LEVEL", "info"));
        environment.Add(Variable("LOG_FORMAT", "json"));
        environment.Add(Variable("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"));
        environment.Add(Variable("OTEL_SERVICE_NAME", name));
        environment.Add(Variable("HTTP_PORT", kind == GeneratedTaskKind.Host ? HostModePort(mix, family).ToString(CultureInfo.InvariantCulture) : "8080"));

        // Real definitions as DescribeTaskDefinition returns them: awsvpc and host mappings have
        // hostPort equal to containerPort (ECS fills it in at registration); bridge asks for a dynamic port.
        var port = kind == GeneratedTaskKind.Host ? HostModePort(mix, family) : BridgeContainerPort;
        var mapping = new JsonObject
        {
            ["containerPort"] = port,
            ["hostPort"] = kind == GeneratedTaskKind.Bridge ? 0 : port,
            ["protocol"] = "tcp",
        };
        var container = new JsonObject
        {
            ["name"] = "app",
            ["image"] = Image(family),
            ["cpu"] = 256,
            ["memory"] = 512,
            ["memoryReservation"] = 256,
            ["portMappings"] = new JsonArray(mapping),
            ["essential"] = true,
            ["environment"] = environment,
            ["environmentFiles"] = new JsonArray(),
            ["mountPoints"] = new JsonArray(),
            ["volumesFrom"] = new JsonArray(),
            ["logConfiguration"] = new JsonObject
            {
                ["logDriver"] = "awslogs",
                ["options"] = new JsonObject
                {
                    ["awslogs-group"] = "/ecs/" + name,
                    ["awslogs-region"] = region,
                    ["awslogs-stream-prefix"] = "ecs",
                },
                ["secretOptions"] = new JsonArray(),
            },
            ["healthCheck"] = new JsonObject
            {
                ["command"] = new JsonArray("CMD-SHELL", $"curl -fsS http://localhost:{port}/health || exit 1"),
                ["interval"] = 30,
                ["timeout"] = 5,
                ["retries"] = 3,
                ["startPeriod"] = 10,
            },
            ["systemControls"] = new JsonArray(),
            ["ulimits"] = new JsonArray(new JsonObject { ["name"] = "nofile", ["softLimit"] = 65536, ["hardLimit"] = 65536 }),
        };

        var fargate = kind == GeneratedTaskKind.Fargate;
        var definition = new JsonObject
        {
            ["family"] = name,
            ["revision"] = 1,
            ["containerDefinitions"] = new JsonArray(container),
            ["taskRoleArn"] = $"arn:aws:iam::{EcsArns.Account}:role/{name}-task",
            ["executionRoleArn"] = $"arn:aws:iam::{EcsArns.Account}:role/ecsTaskExecutionRole",
            ["networkMode"] = kind switch { GeneratedTaskKind.Bridge => "bridge", GeneratedTaskKind.Host => "host", _ => "awsvpc" },
            ["volumes"] = new JsonArray(),
            ["status"] = "ACTIVE",
            ["requiresAttributes"] = RequiresAttributes(fargate),
            ["placementConstraints"] = new JsonArray(),
            ["compatibilities"] = fargate ? new JsonArray("EC2", "FARGATE") : new JsonArray("EC2"),
        };
        if (fargate)
        {
            definition["runtimePlatform"] = new JsonObject { ["cpuArchitecture"] = "X86_64", ["operatingSystemFamily"] = "LINUX" };
        }

        definition["requiresCompatibilities"] = new JsonArray(fargate ? "FARGATE" : "EC2");
        definition["cpu"] = "256";
        definition["memory"] = "512";
        definition["registeredAt"] = new TaskShapes.RunningTask(region, "definitions", name, false, false).Timestamp(0);
        definition["registeredBy"] = $"arn:aws:sts::{EcsArns.Account}:assumed-role/deploy/ci";
        return definition;
    }

    // The capabilities ECS derives from such a definition at registration.
    private static JsonArray RequiresAttributes(bool awsvpc)
    {
        var names = new List<string>
        {
            "com.amazonaws.ecs.capability.logging-driver.awslogs",
            "ecs.capability.execution-role-awslogs",
            "com.amazonaws.ecs.capability.docker-remote-api.1.19",
            "com.amazonaws.ecs.capability.task-iam-role",
            "ecs.capability.container-health-check",
            "com.amazonaws.ecs.capability.docker-remote-api.1.18",
            "com.amazonaws.ecs.capability.docker-remote-api.1.29",
        };
        if (awsvpc)
        {
            names.Add("ecs.capability.task-eni");
        }

        return new JsonArray(names.Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
    }

    private static JsonObject BridgeTask(Context context, int cluster, int index, int k)
    {
        var family = context.Mix.FirstFamily(GeneratedTaskKind.Bridge) + (k % context.Mix.Families(GeneratedTaskKind.Bridge));
        var hostPort = FirstBridgeHostPort + (index % BridgeHostPorts);
        return Ec2Task(context, cluster, index, family, k % context.Options.Instances, TaskShapes.Binding(BridgeContainerPort, hostPort));
    }

    private static JsonObject HostTask(Context context, int cluster, int index, int k)
    {
        var families = context.Mix.Families(GeneratedTaskKind.Host);
        var family = context.Mix.FirstFamily(GeneratedTaskKind.Host) + (k % families);
        var port = HostModePort(context.Mix, family);
        return Ec2Task(context, cluster, index, family, k / families % context.Options.Instances, TaskShapes.Binding(port, port));
    }

    private static JsonObject Ec2Task(Context context, int cluster, int index, int family, int instance, JsonObject binding)
    {
        var options = context.Options;
        var facts = new TaskShapes.RunningTask(options.Region, Name("c", cluster), Name("t", index), Fargate: false, ExecuteCommand: family % 2 == 0);
        var definition = context.Definitions[family];
        var task = new JsonObject
        {
            ["id"] = facts.TaskId,
            ["taskDefinition"] = Name("fam", family) + ":1",
            ["containerInstance"] = Name("ci", instance),
            ["launchType"] = "EC2",
            ["availabilityZone"] = TaskShapes.AvailabilityZone(options.Region, (cluster * options.Instances) + instance),
            ["group"] = "service:" + Name("fam", family),
            ["containers"] = new JsonArray(TaskShapes.RunningContainer(facts, AppContainer(definition), new JsonArray(binding), null)),
        };
        TaskShapes.AddRunningTaskFields(task, facts, definition);
        return task;
    }

    private static JsonObject FargateTask(Context context, string cluster, int index, int k, int fargateIndex)
    {
        var mix = context.Mix;
        var region = context.Options.Region;
        var family = mix.FirstFamily(GeneratedTaskKind.Fargate) + (k % mix.Families(GeneratedTaskKind.Fargate));
        var facts = new TaskShapes.RunningTask(region, cluster, Name("t", index), Fargate: true, ExecuteCommand: family % 2 == 0);
        var definition = context.Definitions[family];
        var eni = TaskShapes.EniAttachment($"{cluster}/{facts.TaskId}", region, Address(172, 16, fargateIndex));
        var task = new JsonObject
        {
            ["id"] = facts.TaskId,
            ["taskDefinition"] = Name("fam", family) + ":1",
            ["launchType"] = "FARGATE",
            ["availabilityZone"] = TaskShapes.AvailabilityZone(region, fargateIndex),
            ["group"] = "service:" + Name("fam", family),
            ["platformVersion"] = "1.4.0",
            ["attachments"] = new JsonArray(eni),
            ["containers"] = new JsonArray(TaskShapes.RunningContainer(facts, AppContainer(definition), new JsonArray(), eni)),
        };
        TaskShapes.AddRunningTaskFields(task, facts, definition);
        return task;
    }

    private static JsonObject AppContainer(JsonObject definition) => (JsonObject)definition["containerDefinitions"]![0]!;

    private static int HostModePort(TaskMix mix, int family) => FirstHostModePort + family - mix.FirstFamily(GeneratedTaskKind.Host);

    // n-th address of a plan: FIRST.(SECOND + n / 62500).(n / 250 % 250).(n % 250 + 1), so no octet is 0 or 255.
    private static string Address(int first, int second, int n) => string.Create(
        CultureInfo.InvariantCulture,
        $"{first}.{second + (n / AddressesPerOctet)}.{n / 250 % 250}.{(n % 250) + 1}");

    private static string InstanceId(int n) => "i-" + n.ToString("x17", CultureInfo.InvariantCulture);

    private static string Image(int family) => $"ghcr.io/example/{Name("fam", family)}:1.0.0";

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Variable(string name, string value) => new() { ["name"] = name, ["value"] = value };

    /// <summary>What the task builders share: the options, the mix and the task definitions (by family index).</summary>
    private sealed record Context(ScenarioGeneratorOptions Options, TaskMix Mix, List<JsonObject> Definitions);
}
