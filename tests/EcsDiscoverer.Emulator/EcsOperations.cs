using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The five ECS read actions the product calls and is allowed (least privilege; see <see cref="AllowedActions"/>), with ECS's real limits.
/// Responses are built from copies taken under the scenario lock, so tests may change the
/// scenario while a response is being written. Each request is served from the view of its caller's
/// account and region.
/// </summary>
internal static class EcsOperations
{
    private const string Missing = "MISSING";
    private const string Tags = "tags";
    private static readonly string[] DesiredStatuses = ["RUNNING", "PENDING", "STOPPED"];

    private static readonly Dictionary<string, Func<EmulatorScenario, EcsRequest, JsonObject>> Operations = new(StringComparer.Ordinal)
    {
        ["ListClusters"] = ListClusters,
        ["ListTasks"] = ListTasks,
        ["DescribeTasks"] = DescribeTasks,
        ["DescribeTaskDefinition"] = DescribeTaskDefinition,
        ["DescribeContainerInstances"] = DescribeContainerInstances,
    };

    /// <summary>
    /// The IAM actions the emulator serves, <c>ecs:*</c> and <c>ec2:DescribeInstances</c>: exactly the product's
    /// least-privilege policy. Every other action is answered AccessDenied (ECS) or UnauthorizedOperation (EC2).
    /// </summary>
    public static IReadOnlyList<string> AllowedActions { get; } =
    [
        "ecs:ListClusters", "ecs:ListTasks", "ecs:DescribeTasks", "ecs:DescribeTaskDefinition", "ecs:DescribeContainerInstances",
        "ec2:DescribeInstances",
    ];

    /// <summary>The operation's handler, or null for an action the product must not call.</summary>
    public static Func<EmulatorScenario, EcsRequest, JsonObject>? Find(string operation) => Operations.GetValueOrDefault(operation);

    private static JsonObject ListClusters(EmulatorScenario scenario, EcsRequest request)
    {
        var maxResults = request.MaxResults();
        var token = request.String("nextToken");
        return scenario.Read(state =>
        {
            var (page, next) = PageToken.Paginate(state.Clusters.ConvertAll(c => c.Arn), maxResults, token, "ListClusters", InvalidToken);
            return Listing("clusterArns", page, next);
        });
    }

    private static JsonObject ListTasks(EmulatorScenario scenario, EcsRequest request)
    {
        var maxResults = request.MaxResults();
        var token = request.String("nextToken");

        // Real ECS lists RUNNING tasks when no desired status is given; STOPPED ones only on request.
        var desired = request.String("desiredStatus") ?? "RUNNING";
        if (!DesiredStatuses.Contains(desired))
        {
            throw new EcsApiException("InvalidParameterException", $"desiredStatus must be one of {string.Join(", ", DesiredStatuses)}.");
        }

        var filter = new TaskListFilter(request);
        return scenario.Read(state =>
        {
            var cluster = Cluster(state, request.Cluster);
            var arns = filter.IsEmpty
                ? cluster.TaskArns(desired)
                : cluster.Tasks
                    .Where(task => JsonFields.AsString(task["desiredStatus"]) == desired && filter.Matches(task))
                    .Select(task => JsonFields.AsString(task["taskArn"])!)
                    .ToList();
            var (page, next) = PageToken.Paginate(arns, maxResults, token, "ListTasks|" + cluster.Arn, InvalidToken);
            return Listing("taskArns", page, next);
        });
    }

    private static JsonObject DescribeTasks(EmulatorScenario scenario, EcsRequest request)
    {
        var ids = request.Batch("tasks");
        var withTags = IncludesTags(request);
        var response = scenario.Read(state =>
        {
            var cluster = Cluster(state, request.Cluster);
            return Batch("tasks", ids, cluster.FindTask, id => EcsArns.Task(state.Scope, cluster.Name, id));
        });

        // ECS answers tags only when asked; otherwise a tagged task says "tags": [].
        if (!withTags)
        {
            foreach (var task in (response["tasks"] as JsonArray ?? []).OfType<JsonObject>().Where(t => t.ContainsKey(Tags)))
            {
                task[Tags] = new JsonArray();
            }
        }

        return response;
    }

    private static JsonObject DescribeTaskDefinition(EmulatorScenario scenario, EcsRequest request)
    {
        var reference = request.String("taskDefinition")
            ?? throw new EcsApiException("InvalidParameterException", "taskDefinition can not be null.");
        var withTags = IncludesTags(request);
        return scenario.Read(state =>
        {
            var definition = TaskDefinitionResolver.Find(state.TaskDefinitions, reference)
                ?? throw new EcsApiException("ClientException", "Unable to describe task definition.");

            // A scenario gives a definition's tags in the definition; ECS answers them beside it, and only when asked.
            var copy = ScenarioState.Copy(definition);
            var tags = copy[Tags];
            copy.Remove(Tags);
            var response = new JsonObject { ["taskDefinition"] = copy };
            if (withTags)
            {
                response[Tags] = tags ?? new JsonArray();
            }

            return response;
        });
    }

    /// <summary><c>include</c>: absent, or a list of <c>TAGS</c>, the only field DescribeTasks and DescribeTaskDefinition take.</summary>
    private static bool IncludesTags(EcsRequest request)
    {
        var include = request.OptionalList("include") ?? [];
        return include.Find(field => field != "TAGS") is { } unknown
            ? throw new EcsApiException("InvalidParameterException", $"include has an invalid value '{unknown}'; valid values: TAGS.")
            : include.Count > 0;
    }

    private static JsonObject DescribeContainerInstances(EmulatorScenario scenario, EcsRequest request)
    {
        var ids = request.Batch("containerInstances");
        return scenario.Read(state =>
        {
            var cluster = Cluster(state, request.Cluster);
            return Batch("containerInstances", ids, cluster.FindContainerInstance, id => EcsArns.ContainerInstance(state.Scope, cluster.Name, id));
        });
    }

    private static ClusterState Cluster(ScenarioState state, string nameOrArn) =>
        state.FindCluster(nameOrArn) ?? throw new EcsApiException("ClusterNotFoundException", "Cluster not found.");

    private static JsonObject Batch(string field, List<string> ids, Func<string, JsonObject?> find, Func<string, string> arnOf)
    {
        var found = new JsonArray();
        var failures = new JsonArray();
        var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var id in ids)
        {
            if (find(id) is { } item)
            {
                if (seen.Add(item))
                {
                    found.Add(ScenarioState.Copy(item));
                }
            }
            else
            {
                failures.Add(Failure(EcsArns.IsArn(id) ? id : arnOf(id)));
            }
        }

        return new JsonObject { [field] = found, ["failures"] = failures };
    }

    private static EcsApiException InvalidToken() => new("InvalidParameterException", "Invalid nextToken.");

    private static JsonObject Failure(string arn) => new() { ["arn"] = arn, ["reason"] = Missing };

    private static JsonObject Listing(string field, List<string> page, string? nextToken)
    {
        var result = new JsonObject { [field] = new JsonArray(page.Select(arn => (JsonNode?)arn).ToArray()) };
        if (nextToken is not null)
        {
            result["nextToken"] = nextToken;
        }

        return result;
    }
}
