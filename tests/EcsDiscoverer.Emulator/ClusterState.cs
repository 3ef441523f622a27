using System.Text.Json.Nodes;

namespace EcsDiscoverer.Emulator;

/// <summary>One emulated cluster: its container instances and tasks, expanded as ECS returns them.</summary>
internal sealed class ClusterState
{
    private readonly List<JsonObject> _tasks = [];
    private readonly Dictionary<string, JsonObject> _tasksByArn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _tasksById = new(StringComparer.Ordinal);
    private int _version;
    private (int Version, string DesiredStatus, List<string> Arns)? _listing;

    // The private IPs the tasks use (ENI attachments, containers' networkInterfaces), with how many tasks use each;
    // null until asked, and again after a task changed in place. Kept up to date on add and remove, so that starting
    // an awsvpc task in a cluster of thousands does not walk every task (churn starts one every few hundred ms).
    private Dictionary<string, int>? _addresses;

    public ClusterState(string name, string arn, JsonObject extraFields)
    {
        Name = name;
        Arn = arn;
        ExtraFields = extraFields;
    }

    public string Name { get; }

    public string Arn { get; }

    /// <summary>Fields the scenario gave the cluster beyond its name, kept for scenarios that describe clusters fully; no served action returns them.</summary>
    public JsonObject ExtraFields { get; }

    public List<JsonObject> ContainerInstances { get; } = [];

    /// <summary>
    /// Where <see cref="TaskLauncher"/> numbers the next task id from: never below the task count, and never back,
    /// so that a task started after another was removed never gets an id the cluster has given before (ECS never
    /// reuses task ids, and a client's caches must not be fooled by one).
    /// </summary>
    public int LaunchSequence { get; set; }

    /// <summary>The tasks, in the order they were added; change them through <see cref="AddTask"/>, <see cref="RemoveTask"/> and <see cref="Changed"/>.</summary>
    public IReadOnlyList<JsonObject> Tasks => _tasks;

    /// <summary>
    /// Matches an ARN exactly, or a bare id against the ARN's last segment; the first such task in
    /// <see cref="Tasks"/>. Looked up in an index, so DescribeTasks stays fast with 10,000 tasks.
    /// </summary>
    public JsonObject? FindTask(string arnOrId)
    {
        // An ARN must match whole: lenient matching would hide a client that builds wrong ARNs.
        return (EcsArns.IsArn(arnOrId) ? _tasksByArn : _tasksById).GetValueOrDefault(arnOrId);
    }

    public JsonObject? FindContainerInstance(string arnOrId) => Find(ContainerInstances, "containerInstanceArn", arnOrId);

    public void AddTask(JsonObject task)
    {
        _tasks.Add(task);
        Index(task);
        _version++;
        CountAddresses(task, +1);
    }

    public bool RemoveTask(JsonObject task)
    {
        if (!_tasks.Remove(task))
        {
            return false;
        }

        var addresses = _addresses;
        Changed(reindex: true);
        _addresses = addresses;
        CountAddresses(task, -1);
        return true;
    }

    /// <summary>The private IP addresses the cluster's tasks use.</summary>
    public IEnumerable<string> Addresses
    {
        get
        {
            if (_addresses is null)
            {
                _addresses = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var task in _tasks)
                {
                    CountAddresses(task, +1);
                }
            }

            return _addresses.Keys;
        }
    }

    /// <summary>
    /// Call after changing a task in place: cached ListTasks answers are dropped, and with
    /// <paramref name="reindex"/> (the ARN may have changed) the lookup index is rebuilt.
    /// </summary>
    public void Changed(bool reindex)
    {
        _version++;
        _addresses = null;
        if (reindex)
        {
            _tasksByArn.Clear();
            _tasksById.Clear();
            foreach (var task in _tasks)
            {
                Index(task);
            }
        }
    }

    /// <summary>
    /// The ARNs of the tasks with this desired status, in order. Kept until the tasks change, so
    /// that paging through 10,000 tasks does not filter them all again for every page.
    /// </summary>
    public IReadOnlyList<string> TaskArns(string desiredStatus)
    {
        if (_listing is { } cached && cached.Version == _version && cached.DesiredStatus == desiredStatus)
        {
            return cached.Arns;
        }

        var arns = _tasks
            .Where(task => JsonFields.AsString(task["desiredStatus"]) == desiredStatus)
            .Select(task => JsonFields.AsString(task["taskArn"])!)
            .ToList();
        _listing = (_version, desiredStatus, arns);
        return arns;
    }

    public ClusterState Clone()
    {
        var copy = new ClusterState(Name, Arn, ScenarioState.Copy(ExtraFields)) { LaunchSequence = LaunchSequence };
        copy.ContainerInstances.AddRange(ContainerInstances.Select(ScenarioState.Copy));
        foreach (var task in _tasks)
        {
            copy.AddTask(ScenarioState.Copy(task));
        }

        return copy;
    }

    private void CountAddresses(JsonObject task, int delta)
    {
        if (_addresses is null)
        {
            return;
        }

        foreach (var address in TaskLauncher.AddressesOf(task))
        {
            var count = _addresses.GetValueOrDefault(address) + delta;
            if (count > 0)
            {
                _addresses[address] = count;
            }
            else
            {
                _addresses.Remove(address);
            }
        }
    }

    // In list order, the first task wins, as a linear search would find it.
    private void Index(JsonObject task)
    {
        if (JsonFields.AsString(task["taskArn"]) is { } arn)
        {
            _tasksByArn.TryAdd(arn, task);
            _tasksById.TryAdd(EcsArns.LastSegment(arn), task);
        }
    }

    private static JsonObject? Find(List<JsonObject> items, string arnField, string arnOrId)
    {
        // An ARN must match whole: lenient matching would hide a client that builds wrong ARNs.
        var byArn = EcsArns.IsArn(arnOrId);
        return items.Find(item => JsonFields.AsString(item[arnField]) is { } arn
            && (byArn ? arn == arnOrId : EcsArns.LastSegment(arn) == arnOrId));
    }
}
