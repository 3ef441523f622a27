using System.Text.Json.Nodes;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// The well-formed task definition and task every corpus case starts from, as the emulator scenario writes them:
/// a bridge-mode container <c>app</c> marked with <c>PROMETHEUS=true</c>, container port 8080 bound to host port
/// 32768 on the container instance <c>ci-good</c> (EC2 10.0.0.10). A case changes one thing.
/// </summary>
internal static class CaseShapes
{
    public const string ContainerName = "app";

    public static JsonArray Env(params (string Name, string? Value)[] variables)
    {
        var array = new JsonArray();
        foreach (var (name, value) in variables)
        {
            array.Add(new JsonObject { ["name"] = name, ["value"] = value });
        }

        return array;
    }

    /// <summary><c>PROMETHEUS=true</c> plus the given variables.</summary>
    public static JsonArray MarkedEnv(params (string Name, string? Value)[] variables)
    {
        var array = Env(("PROMETHEUS", "true"));
        foreach (var node in Env(variables))
        {
            array.Add(node!.DeepClone());
        }

        return array;
    }

    public static JsonObject BridgeDefinition(string family, JsonArray environment) => new()
    {
        ["family"] = family,
        ["revision"] = 1,
        ["networkMode"] = "bridge",
        ["containerDefinitions"] = new JsonArray(new JsonObject
        {
            ["name"] = ContainerName,
            ["image"] = "example/app:1",
            ["environment"] = environment,
            ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = 0 }),
        }),
    };

    public static JsonObject BridgeTask(string id, string family) => new()
    {
        ["id"] = id,
        ["taskDefinition"] = family + ":1",
        ["containerInstance"] = BadInputCorpus.ContainerInstance,
        ["launchType"] = "EC2",
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = ContainerName,
            ["networkBindings"] = new JsonArray(Binding(8080, BadInputCorpus.HostPort)),
        }),
    };

    public static JsonObject Binding(int containerPort, int hostPort, string bindIp = "0.0.0.0") =>
        new() { ["bindIP"] = bindIp, ["containerPort"] = containerPort, ["hostPort"] = hostPort };

    /// <summary>An awsvpc definition whose container maps port 8080.</summary>
    public static JsonObject AwsVpcDefinition(string family, JsonArray environment)
    {
        var definition = BridgeDefinition(family, environment);
        definition["networkMode"] = "awsvpc";
        definition["containerDefinitions"]![0]!["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = 8080 });
        return definition;
    }

    /// <summary>A Fargate task with the address only in its ENI attachment, as ECS reports it.</summary>
    public static JsonObject FargateTask(string id, string family, string address = BadInputCorpus.FargateIp) => new()
    {
        ["id"] = id,
        ["taskDefinition"] = family + ":1",
        ["launchType"] = "FARGATE",
        ["attachments"] = new JsonArray(EniAttachment(address)),
        ["containers"] = new JsonArray(new JsonObject { ["name"] = ContainerName }),
    };

    public static JsonObject EniAttachment(string address) => new()
    {
        ["type"] = "ElasticNetworkInterface",
        ["status"] = "ATTACHED",
        ["details"] = new JsonArray(
            new JsonObject { ["name"] = "subnetId", ["value"] = "subnet-0123" },
            new JsonObject { ["name"] = "privateIPv4Address", ["value"] = address }),
    };
}
