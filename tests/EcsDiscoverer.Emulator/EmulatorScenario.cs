using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The live state of the ECS + EC2 test double: clusters, container instances, tasks, task
/// definitions and EC2 instances per emulated account and region (<see cref="AwsScope"/>), and the
/// STS settings (access keys, denied roles, external ids). An instance is a view of one account and
/// region: the one <see cref="Load"/> or <see cref="Parse"/> return edits the default scope (account
/// <c>123456789012</c> and the file's <c>region</c>), and <see cref="Scope"/> gives a view of another,
/// sharing the same state. Tests change it between discovery rounds; every member is thread-safe
/// against the requests the server is answering.
/// </summary>
/// <remarks>
/// Objects are written as ECS returns them, with shorthands that are expanded to ARNs:
/// a task's <c>id</c>, <c>taskDefinition</c> (<c>"family:rev"</c>, bare family, or ARN) and
/// <c>containerInstance</c>; a container instance's <c>id</c>; a container's optional <c>id</c>.
/// Any other field is passed through verbatim, and a field the scenario omits stays absent.
/// See the project README for the file format.
/// </remarks>
public sealed class EmulatorScenario
{
    private readonly Shared _shared;

    // Null: the default scope, which follows the default region of whatever scenario is loaded.
    private readonly AwsScope? _scope;

    private EmulatorScenario(Shared shared, AwsScope? scope)
    {
        _shared = shared;
        _scope = scope;
    }

    /// <summary>The region of every ARN this view builds (the default view: the file's <c>region</c>, default <c>us-east-1</c>).</summary>
    public string Region => AccountRegion.Region;

    /// <summary>The account of every ARN this view builds (the default view: <c>123456789012</c>).</summary>
    public string Account => AccountRegion.Account;

    /// <summary>This view's account and region.</summary>
    public AwsScope AccountRegion => _scope ?? ReadFleet(fleet => fleet.DefaultScope);

    /// <summary>The accounts and regions that hold anything, default scope first, then by account and region.</summary>
    public IReadOnlyList<AwsScope> Scopes => ReadFleet(fleet => fleet.States
        .Where(pair => !pair.Value.IsEmpty || pair.Key == fleet.DefaultScope)
        .Select(pair => pair.Key)
        .OrderBy(scope => scope != fleet.DefaultScope)
        .ThenBy(scope => scope.Account, StringComparer.Ordinal)
        .ThenBy(scope => scope.Region, StringComparer.Ordinal)
        .ToList());

    /// <summary>
    /// A view of another account and region, sharing this scenario's state: what requests signed for that account
    /// and region see. An account and region nobody seeded is empty until something is added to it.
    /// </summary>
    /// <exception cref="ArgumentException">The account is not 12 digits, or the region not a region name.</exception>
    public EmulatorScenario Scope(string account, string region) => In(new AwsScope(account, region).Validated());

    /// <summary>A view of any account and region, unchecked: what a request's credential scope names, however odd.</summary>
    internal EmulatorScenario In(AwsScope scope) => new(_shared, scope);

    /// <summary>Reads a scenario file.</summary>
    /// <exception cref="FormatException">The file is not a valid scenario.</exception>
    public static EmulatorScenario Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads scenario JSON.</summary>
    /// <exception cref="FormatException">The text is not a valid scenario.</exception>
    public static EmulatorScenario Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var shared = new Shared(ScenarioParser.Parse(json));
        shared.CreateDeclaredQueues();
        return new EmulatorScenario(shared, null);
    }

    /// <summary>Replaces the whole state, every account and region and the STS settings, with that of <paramref name="other"/> (copied, not shared).</summary>
    public void ReplaceWith(EmulatorScenario other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var copy = other.ReadFleet(fleet => fleet.Clone());
        lock (_shared.Gate)
        {
            // A whole-state swap emits no task events (nothing "changed" task by task): a client that relies on
            // events alone misses it, which its reconciliation round must repair. Queues stay; declared ones are added.
            _shared.Fleet = copy;
            _shared.CreateDeclaredQueues();
        }
    }

    /// <summary>Replaces the whole state with scenario JSON; on a format error the state is unchanged.</summary>
    /// <exception cref="FormatException">The text is not a valid scenario.</exception>
    public void ReplaceAll(string json) => ReplaceWith(Parse(json));

    /// <summary>Makes STS refuse AssumeRole of <paramref name="roleArn"/> with AccessDenied, as a trust policy that does not trust the caller.</summary>
    /// <exception cref="FormatException">Not a role ARN.</exception>
    public void DenyRole(string roleArn)
    {
        var role = StsRoles.Validated(roleArn);
        WriteFleet(fleet => fleet.DeniedRoles.Add(role));
    }

    /// <summary>Lets STS issue credentials for <paramref name="roleArn"/> again; false if it was not denied.</summary>
    public bool AllowRole(string roleArn) => WriteFleet(fleet => fleet.DeniedRoles.Remove(roleArn));

    /// <summary>Maps an access key id to an account: requests signed with it act in that account (a profile's static keys).</summary>
    /// <exception cref="ArgumentException">The account is not 12 digits.</exception>
    public void MapAccessKey(string accessKeyId, string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        _ = new AwsScope(account, ScenarioParser.DefaultRegion).Validated();
        WriteFleet(fleet => fleet.AccessKeys[accessKeyId] = account);
    }

    /// <summary>Adds a cluster with no container instances and no tasks.</summary>
    /// <returns>The cluster ARN.</returns>
    public string AddCluster(string name) => Write(state => state.AddCluster(name, new JsonObject()).Arn);

    /// <summary>Removes a cluster (by name or ARN) with everything in it.</summary>
    /// <remarks>Every task of it not yet STOPPED gets a STOPPED task state change event.</remarks>
    public bool RemoveCluster(string nameOrArn) => Write(state =>
    {
        if (state.FindCluster(nameOrArn) is not { } cluster || !state.Clusters.Remove(cluster))
        {
            return false;
        }

        foreach (var task in cluster.Tasks.Where(t => JsonFields.AsString(t["lastStatus"]) != "STOPPED"))
        {
            EmitStopped(state, cluster, task);
        }

        return true;
    });

    /// <summary>Adds an EC2 instance; a null address models an instance without a private IP.</summary>
    public void AddInstance(string instanceId, string? privateIpAddress, string state = "running", string? availabilityZone = null)
    {
        var raw = new JsonObject { ["instanceId"] = instanceId, ["state"] = state };
        if (privateIpAddress is not null)
        {
            raw["privateIpAddress"] = privateIpAddress;
        }

        if (availabilityZone is not null)
        {
            raw["availabilityZone"] = availabilityZone;
        }

        Write(s => s.AddInstance(raw));
    }

    /// <summary>Removes an EC2 instance, as if it had been terminated and forgotten.</summary>
    public bool RemoveInstance(string instanceId) =>
        Write(state => state.FindInstance(instanceId) is { } instance && state.Instances.Remove(instance));

    /// <summary>
    /// Terminates an EC2 instance as EC2 does: it stays visible to DescribeInstances for a while, in state
    /// <c>terminated</c> and without its private IP address, while an ECS container instance may still point at it.
    /// </summary>
    public bool TerminateInstance(string instanceId) => Write(state =>
    {
        if (state.FindInstance(instanceId) is not { } instance)
        {
            return false;
        }

        instance["state"] = "terminated";
        instance.Remove("privateIpAddress");
        return true;
    });

    /// <summary>Adds a task definition written as in the scenario file (<c>family</c>, <c>revision</c>, ...).</summary>
    /// <returns>The task definition ARN.</returns>
    public string AddTaskDefinition(string json) => AddTaskDefinition(ParseObject(json));

    /// <inheritdoc cref="AddTaskDefinition(string)"/>
    public string AddTaskDefinition(JsonObject taskDefinition)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        return Write(state => state.AddTaskDefinition(taskDefinition));
    }

    /// <summary>Adds a container instance (<c>id</c> or ARN, and <c>ec2InstanceId</c>) to a cluster.</summary>
    /// <returns>The container instance ARN.</returns>
    public string AddContainerInstance(string cluster, string id, string ec2InstanceId)
    {
        var raw = new JsonObject { ["id"] = id, ["ec2InstanceId"] = ec2InstanceId };
        return Write(state => state.AddContainerInstance(Cluster(state, cluster), raw));
    }

    /// <summary>Removes a container instance (by id or ARN) from a cluster.</summary>
    public bool RemoveContainerInstance(string cluster, string idOrArn) => Write(state =>
        Cluster(state, cluster) is var c && c.FindContainerInstance(idOrArn) is { } instance && c.ContainerInstances.Remove(instance));

    /// <summary>Adds a task written as in the scenario file to a cluster (by name or ARN).</summary>
    /// <returns>The task ARN.</returns>
    public string AddTask(string cluster, string json) => AddTask(cluster, ParseObject(json));

    /// <inheritdoc cref="AddTask(string, string)"/>
    public string AddTask(string cluster, JsonObject task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Write(state =>
        {
            var owner = Cluster(state, cluster);
            var arn = state.AddTask(owner, task);
            var added = owner.FindTask(arn)!;

            // A task ECS has just started is at version 1; a version the caller wrote is kept.
            added.TryAdd("version", 1);
            Emit(state, owner, added);
            return arn;
        });
    }

    /// <summary>
    /// Starts <paramref name="count"/> RUNNING tasks (1-1000) of a task definition, as ECS RunTask
    /// would: every container of the definition runs; bridge mappings without a host port get
    /// a free port from 32768 on the container instance, host mode binds the container port, and
    /// awsvpc tasks get an ENI attachment with a free private IP (10.200.0.1 upward). Without a
    /// container instance the definition must be awsvpc and the tasks run on FARGATE. Task ids
    /// are 32 hex digits derived from the cluster, family and task count, so the same calls give
    /// the same ids on every run.
    /// </summary>
    /// <param name="cluster">The cluster name or ARN.</param>
    /// <param name="taskDefinition"><c>family:revision</c>, a bare family (latest ACTIVE) or an ARN.</param>
    /// <param name="containerInstance">The container instance id or ARN; null for Fargate.</param>
    /// <param name="count">How many tasks to start.</param>
    /// <returns>The new task ARNs.</returns>
    /// <exception cref="ArgumentException">
    /// An unknown cluster, task definition or container instance, a count out of range, or no
    /// room for the ports (as ECS's <c>RESOURCE:PORTS</c>); nothing is added then.
    /// </exception>
    public IReadOnlyList<string> RunTasks(string cluster, string taskDefinition, string? containerInstance = null, int count = 1) => Write(state =>
    {
        var owner = Cluster(state, cluster);
        var arns = TaskLauncher.Run(state, owner, taskDefinition, containerInstance, count);
        foreach (var arn in arns)
        {
            Emit(state, owner, owner.FindTask(arn)!);
        }

        return arns;
    });

    /// <summary>
    /// Removes a task (by id or ARN) from a cluster: ECS stops it and forgets it at once. Subscribed queues get a
    /// STOPPED task state change event (desired and last status STOPPED, <c>stoppedAt</c>, <c>version</c> + 1);
    /// the task is gone from ListTasks and DescribeTasks. <see cref="StopTask"/> keeps it, STOPPED.
    /// </summary>
    public bool RemoveTask(string cluster, string idOrArn) => Write(state =>
    {
        var owner = Cluster(state, cluster);
        if (owner.FindTask(idOrArn) is not { } task || !owner.RemoveTask(task))
        {
            return false;
        }

        EmitStopped(state, owner, task);
        return true;
    });

    /// <summary>
    /// Stops a task (by id or ARN) as ECS StopTask does and keeps it, as ECS keeps stopped tasks for a while: desired
    /// and last status STOPPED, containers STOPPED, <c>stopCode</c> <c>UserInitiated</c>, <c>stoppedAt</c>,
    /// <c>version</c> + 1. ListTasks leaves it out unless asked for STOPPED tasks; DescribeTasks still answers it.
    /// Subscribed queues get the STOPPED event. False if the cluster has no such task.
    /// </summary>
    public bool StopTask(string cluster, string idOrArn) => UpdateTask(cluster, idOrArn, task => TaskStop.Apply(task, NowMs()));

    /// <summary>
    /// Changes a task in place, e.g. <c>t =&gt; t["lastStatus"] = "STOPPED"</c>. The callback sees the
    /// expanded task (ARNs filled in) and runs under the scenario lock: keep it short. The task's <c>version</c>
    /// goes up by one (unless the callback sets it) and subscribed queues get a task state change event.
    /// </summary>
    public bool UpdateTask(string cluster, string idOrArn, Action<JsonObject> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Write(state =>
        {
            var owner = Cluster(state, cluster);
            if (owner.FindTask(idOrArn) is not { } task)
            {
                return false;
            }

            var arn = JsonFields.AsString(task["taskArn"]);
            var version = TaskStateChangeEvent.VersionOf(task);
            update(task);
            owner.Changed(reindex: JsonFields.AsString(task["taskArn"]) != arn);

            // Every change is a new version (ECS: "duplicate events have the same version"), unless the callback set one.
            if (TaskStateChangeEvent.VersionOf(task) == version)
            {
                task["version"] = version + 1;
            }

            Emit(state, owner, task);
            return true;
        });
    }

    /// <summary>
    /// Creates an SQS queue in this view's account and region (unless it exists) subscribed to its ECS task state
    /// changes, as an EventBridge rule for <c>aws.ecs</c> "ECS Task State Change" targeting the queue would.
    /// </summary>
    /// <returns>The queue URL, <c>http://127.0.0.1:PORT/ACCOUNT/NAME</c> (the port once the server listens).</returns>
    /// <exception cref="ArgumentException">Not a valid queue name (1-80 letters, digits, <c>-</c>, <c>_</c>).</exception>
    public string AddEventQueue(string name) => _shared.Queues.UrlOf(_shared.Queues.Create(AccountRegion, name, ecsEvents: true));

    /// <summary>The URL of a queue of this view's account and region.</summary>
    /// <exception cref="ArgumentException">No such queue.</exception>
    public string QueueUrl(string name) => _shared.Queues.UrlOf(Queue(name));

    /// <summary>Makes every SQS call on the queue fail with AccessDenied (HTTP 403), as a queue policy that denies the caller would.</summary>
    /// <exception cref="ArgumentException">No such queue.</exception>
    public void DenyQueue(string name) => Queue(name).Denied = true;

    /// <summary>Undoes <see cref="DenyQueue"/>.</summary>
    /// <exception cref="ArgumentException">No such queue.</exception>
    public void AllowQueue(string name) => Queue(name).Denied = false;

    /// <summary>
    /// Loses the next <paramref name="count"/> task state change events (of any account and region): they are counted
    /// and listed as dropped, but reach no queue, as events EventBridge failed to deliver.
    /// </summary>
    public void DropNextEvents(int count) => _shared.Events.DropNext(count);

    /// <summary>How many task state change events have been emitted, dropped ones included.</summary>
    public long EventsEmitted => _shared.Events.Emitted;

    /// <summary>How many task state change events were dropped on purpose (<see cref="DropNextEvents"/>).</summary>
    public long EventsDropped => _shared.Events.Dropped;

    /// <summary>The most recent events (up to 20,000) emitted at or after <paramref name="sinceEpochMs"/>, oldest first.</summary>
    public IReadOnlyList<TaskEventRecord> RecentEvents(long sinceEpochMs = 0) => _shared.Events.Recent(sinceEpochMs);

    /// <summary>True if the scenario has the cluster (by name or ARN).</summary>
    public bool HasCluster(string nameOrArn) => Read(state => state.FindCluster(nameOrArn) is not null);

    /// <summary>Every SQS queue of every account and region, and the server's URL for them.</summary>
    internal SqsQueues Queues => _shared.Queues;

    /// <summary>
    /// One step of churn: stops a RUNNING task picked with <paramref name="random"/> and starts a replacement of the
    /// same task definition on the same container instance (Fargate when it had none) as <see cref="RunTasks"/> would,
    /// with the STOPPED and RUNNING events. Touches one task and its cluster, not the whole state.
    /// </summary>
    /// <returns>Whether a task was replaced (false: no RUNNING task found, or the replacement could not be placed; then nothing changed).</returns>
    internal bool ReplaceRandomTask(Random random) => Write(state =>
    {
        var total = state.Clusters.Sum(c => c.Tasks.Count);
        for (var attempt = 0; attempt < 32 && total > 0; attempt++)
        {
            var index = random.Next(total);
            var cluster = state.Clusters.Find(c => (index -= c.Tasks.Count) < 0)!;
            var task = cluster.Tasks[index + cluster.Tasks.Count];
            if (JsonFields.AsString(task["desiredStatus"]) != "RUNNING" || JsonFields.AsString(task["taskDefinitionArn"]) is not { } definition)
            {
                continue;
            }

            // Removed first, so that its ports and address are free for the replacement.
            cluster.RemoveTask(task);
            string arn;
            try
            {
                arn = TaskLauncher.Run(state, cluster, definition, JsonFields.AsString(task["containerInstanceArn"]), 1)[0];
            }
            catch (ArgumentException)
            {
                // The definition is gone or not ACTIVE, the instance removed, or its port taken by a twin (a generated
                // scenario may put two host tasks of a family on one instance): the task stays, unchanged, no events.
                cluster.AddTask(task);
                return false;
            }

            EmitStopped(state, cluster, task);
            Emit(state, cluster, cluster.FindTask(arn)!);
            return true;
        }

        return false;
    });

    /// <summary>Runs <paramref name="reader"/> on this view's account and region under the lock; it must copy what it returns.</summary>
    internal T Read<T>(Func<ScenarioState, T> reader) => ReadFleet(fleet => reader(fleet.State(_scope ?? fleet.DefaultScope)));

    /// <summary>Runs <paramref name="reader"/> on the whole fleet under the lock; it must copy what it returns.</summary>
    internal T ReadFleet<T>(Func<FleetState, T> reader)
    {
        lock (_shared.Gate)
        {
            return reader(_shared.Fleet);
        }
    }

    private T WriteFleet<T>(Func<FleetState, T> writer) => ReadFleet(writer);

    private T Write<T>(Func<ScenarioState, T> writer) => Read(writer);

    private void Write(Action<ScenarioState> writer) => Read(state =>
    {
        writer(state);
        return true;
    });

    private SqsQueue Queue(string name) =>
        _shared.Queues.Find(AccountRegion, name) ?? throw new ArgumentException($"No queue \"{name}\" in {AccountRegion}.", nameof(name));

    private long NowMs() => _shared.Queues.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    // Under the scenario lock: the change is in the state before its event leaves, and events leave in order.
    private void Emit(ScenarioState state, ClusterState cluster, JsonObject task) => _shared.Events.Emit(state.Scope, cluster.Name, task);

    /// <summary>The event of a task ECS stopped and forgot: a STOPPED copy of it, one version on.</summary>
    private void EmitStopped(ScenarioState state, ClusterState cluster, JsonObject task)
    {
        var stopped = ScenarioState.Copy(task);
        TaskStop.Apply(stopped, NowMs());
        stopped["version"] = TaskStateChangeEvent.VersionOf(task) + 1;
        Emit(state, cluster, stopped);
    }

    private static ClusterState Cluster(ScenarioState state, string cluster) =>
        state.FindCluster(cluster) ?? throw new ArgumentException($"The scenario has no cluster \"{cluster}\".", nameof(cluster));

    private static JsonObject ParseObject(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new FormatException("Expected a JSON object.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FormatException($"Not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>What every view of one scenario shares: the lock and the state it guards.</summary>
    private sealed class Shared
    {
        public Shared(FleetState fleet)
        {
            Fleet = fleet;
            Queues = new SqsQueues(TimeProvider.System);
            Events = new TaskEvents(Queues);
        }

        public Lock Gate { get; } = new();

        public FleetState Fleet { get; set; }

        /// <summary>The SQS queues: not ECS state, so replacing the scenario keeps them.</summary>
        public SqsQueues Queues { get; }

        public TaskEvents Events { get; }

        /// <summary>Creates the queues the scenario's <c>eventQueues</c> declare, subscribed to ECS events.</summary>
        public void CreateDeclaredQueues()
        {
            foreach (var (scope, names) in Fleet.EventQueues)
            {
                foreach (var name in names)
                {
                    Queues.Create(scope, name, ecsEvents: true);
                }
            }
        }
    }
}
