using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>Reads a scenario file into an expanded <see cref="FleetState"/>: the top level is the default account and region, <c>scopes</c> add others.</summary>
internal static class ScenarioParser
{
    public const string DefaultRegion = "us-east-1";

    // The fields of one account and region's content: at the top level (the default scope) or in a "scopes" entry.
    private static readonly string[] ContentFields = ["instances", "taskDefinitions", "clusters"];
    private static readonly string[] KnownRootFields =
        ["region", "instances", "taskDefinitions", "clusters", "description", "scopes", "accessKeys", "deniedRoles", "externalIds", "credentialLifetimeSeconds", "eventQueues"];

    private static readonly string[] KnownScopeFields = ["account", "region", "instances", "taskDefinitions", "clusters", "description", "eventQueues"];
    private static readonly string[] ClusterShorthands = ["name", "containerInstances", "tasks"];

    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static FleetState Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Scenario is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject scenario)
        {
            throw new FormatException("Scenario must be a JSON object.");
        }

        // A misspelt key would silently empty the account; fail loudly instead.
        RejectUnknown(scenario, KnownRootFields, "Scenario");
        var region = ScenarioExpander.String(scenario, "region") ?? DefaultRegion;
        var fleet = new FleetState(region);

        // The top level is the default account and region, as before scopes existed.
        var seeded = new HashSet<AwsScope>();
        if (ContentFields.Any(scenario.ContainsKey))
        {
            seeded.Add(fleet.DefaultScope);
        }

        AddContent(fleet.State(fleet.DefaultScope), scenario);
        AddEventQueues(fleet, fleet.DefaultScope, scenario);
        foreach (var entry in Objects(scenario, "scopes"))
        {
            RejectUnknown(entry, KnownScopeFields, "Scenario scope");
            var scope = Scope(entry, region);
            if (!seeded.Add(scope))
            {
                throw new FormatException($"Scenario has scope {scope} twice (the top level is {fleet.DefaultScope}).");
            }

            fleet.States[scope] = new ScenarioState(scope);
            AddContent(fleet.States[scope], entry);
            AddEventQueues(fleet, scope, entry);
        }

        ReadIdentity(scenario, fleet);
        return fleet;
    }

    /// <summary><c>eventQueues</c>: SQS queue names that get the account and region's ECS task state changes.</summary>
    private static void AddEventQueues(FleetState fleet, AwsScope scope, JsonObject content)
    {
        var names = Strings(content, "eventQueues");
        foreach (var name in names)
        {
            try
            {
                SqsQueues.ValidateName(name);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"Scenario \"eventQueues\": {ex.Message}", ex);
            }
        }

        if (names.Count > 0)
        {
            fleet.EventQueues[scope] = names.Distinct(StringComparer.Ordinal).ToList();
        }
    }

    private static AwsScope Scope(JsonObject entry, string defaultRegion)
    {
        var scope = new AwsScope(ScenarioExpander.String(entry, "account") ?? AwsScope.DefaultAccount, ScenarioExpander.String(entry, "region") ?? defaultRegion);
        try
        {
            return scope.Validated();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Scenario scope: {ex.Message}", ex);
        }
    }

    /// <summary>The STS settings: <c>accessKeys</c>, <c>deniedRoles</c>, <c>externalIds</c>, <c>credentialLifetimeSeconds</c>.</summary>
    private static void ReadIdentity(JsonObject scenario, FleetState fleet)
    {
        foreach (var (key, account) in StringMap(scenario, "accessKeys"))
        {
            fleet.AccessKeys[key] = AwsScope.IsAccount(account) ? account : throw new FormatException($"Scenario \"accessKeys\" maps {key} to \"{account}\", not a 12-digit account id.");
        }

        foreach (var role in Strings(scenario, "deniedRoles"))
        {
            fleet.DeniedRoles.Add(StsRoles.Validated(role));
        }

        foreach (var (role, externalId) in StringMap(scenario, "externalIds"))
        {
            fleet.ExternalIds[StsRoles.Validated(role)] = externalId;
        }

        if (scenario["credentialLifetimeSeconds"] is { } lifetime)
        {
            fleet.CredentialLifetimeSeconds = JsonFields.TryGetInteger(lifetime, out var seconds) && seconds is >= 1 and <= StsRoles.MaxLifetimeSeconds
                ? (int)seconds
                : throw new FormatException($"Scenario \"credentialLifetimeSeconds\" must be an integer from 1 to {StsRoles.MaxLifetimeSeconds}.");
        }
    }

    private static void AddContent(ScenarioState state, JsonObject content)
    {
        foreach (var instance in Objects(content, "instances"))
        {
            state.AddInstance(instance);
        }

        // Before the clusters: a task may name its definition by bare family.
        foreach (var definition in Objects(content, "taskDefinitions"))
        {
            state.AddTaskDefinition(definition);
        }

        foreach (var raw in Objects(content, "clusters"))
        {
            AddCluster(state, raw);
        }
    }

    // Keys starting with "_" or "$" are free for comments.
    private static void RejectUnknown(JsonObject node, string[] known, string what)
    {
        foreach (var (name, _) in node)
        {
            if (!known.Contains(name) && !name.StartsWith('_') && !name.StartsWith('$'))
            {
                throw new FormatException($"{what} has an unknown field \"{name}\" (known: {string.Join(", ", known)}).");
            }
        }
    }

    private static List<KeyValuePair<string, string>> StringMap(JsonObject parent, string field) => parent[field] switch
    {
        null => [],
        JsonObject map => map.Select(pair => KeyValuePair.Create(pair.Key, JsonFields.AsString(pair.Value)
            ?? throw new FormatException($"Scenario \"{field}\" must map names to strings."))).ToList(),
        _ => throw new FormatException($"Scenario \"{field}\" must be an object."),
    };

    private static List<string> Strings(JsonObject parent, string field) => parent[field] switch
    {
        null => [],
        JsonArray array => array.Select(item => JsonFields.AsString(item)
            ?? throw new FormatException($"Scenario \"{field}\" must hold only strings.")).ToList(),
        _ => throw new FormatException($"Scenario \"{field}\" must be an array."),
    };

    private static void AddCluster(ScenarioState state, JsonObject raw)
    {
        var name = ScenarioExpander.String(raw, "name") ?? throw new FormatException("Scenario cluster has no \"name\".");
        var extra = new JsonObject();
        foreach (var (field, value) in raw)
        {
            if (!ClusterShorthands.Contains(field))
            {
                extra[field] = value?.DeepClone();
            }
        }

        var cluster = state.AddCluster(name, extra);
        foreach (var instance in Objects(raw, "containerInstances"))
        {
            state.AddContainerInstance(cluster, instance);
        }

        foreach (var task in Objects(raw, "tasks"))
        {
            state.AddTask(cluster, task);
        }
    }

    private static List<JsonObject> Objects(JsonObject parent, string field) => parent[field] switch
    {
        null => [],
        JsonArray array => array.Select(item => item as JsonObject
            ?? throw new FormatException($"Scenario \"{field}\" must hold only objects.")).ToList(),
        _ => throw new FormatException($"Scenario \"{field}\" must be an array."),
    };
}
