using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Events;
using EcsDiscoverer.Engine.Memory;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery;

/// <summary>
/// Discovers clusters, one call of <c>RunAsync</c> each (side by side within a round): list the tasks, describe
/// those not cached in batches of 100, then the task definitions, container instances and EC2 instances they need
/// (each once, from the caches where known), then apply the rules. One instance serves one round.
/// </summary>
internal sealed class ClusterDiscovery : IDisposable
{
    private const int TaskDefinitionConcurrency = 4;
    private readonly IEcsApi _ecs;
    private readonly IEc2Api _ec2;
    private readonly DiscoveryCaches _caches;
    private readonly RuleSettings _rules;
    private readonly IDiscoveryLog _log;
    private readonly DiscoveryProgressTracker _progress;
    private readonly ConcurrentDictionary<string, Lazy<Task<EcsTaskDefinition?>>> _definitionLookups = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _definitionGate = new(TaskDefinitionConcurrency);
    private readonly bool _readTaskTags;

    public ClusterDiscovery(IEcsApi ecs, IEc2Api ec2, DiscoveryCaches caches, RuleSettings rules, IDiscoveryLog log, DiscoveryProgressTracker progress, bool readTaskTags = true)
    {
        _readTaskTags = readTaskTags;
        _progress = progress;
        _ecs = ecs;
        _ec2 = ec2;
        _caches = caches;
        _rules = rules;
        _log = log;
    }

    public Task<ClusterResult> RunAsync(string cluster, CancellationToken cancellationToken) => RunAsync(cluster, null, false, cancellationToken);

    /// <summary>
    /// Discovers one cluster: by listing its tasks, or, with <paramref name="fromEvents"/> and a cluster the caches
    /// know, by applying its waiting task events to what the last round left (R18.2). A listing of a cluster that
    /// <paramref name="events"/> keeps is a reconciliation, and counts what the events had wrong (R18.5).
    /// </summary>
    public async Task<ClusterResult> RunAsync(string cluster, TaskEventLedger? events, bool fromEvents, CancellationToken cancellationToken)
    {
        var clusterName = ArnParts.ClusterName(cluster);
        var previous = _caches.Tasks.Of(clusterName);
        if (events is null || !fromEvents || previous is null)
        {
            // Events that arrived before the listing are no newer than it: the listing settles them.
            var waiting = events?.Peek(clusterName) ?? Array.Empty<EcsEvent>();
            var listed = await Pages.CollectAsync((token, ct) => _ecs.ListTasksAsync(cluster, token, ct), cancellationToken).ConfigureAwait(false);
            var result = await DiscoverAsync(cluster, clusterName, previous, listed.Distinct(StringComparer.Ordinal).ToList(), Running(waiting), events, listing: true, cancellationToken).ConfigureAwait(false);
            if (events is not null)
            {
                result.Corrections = previous is null ? 0 : Corrections(Believed(previous, waiting), listed);
                events.Settle(clusterName, waiting);
            }

            return result;
        }

        var taken = events.Take(clusterName);
        try
        {
            return await DiscoverAsync(cluster, clusterName, previous, Believed(previous, taken).ToList(), Running(taken), events, listing: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The cluster failed this round (R10 keeps its targets): its events wait for the next one.
            events.Return(clusterName, taken);
            throw;
        }
    }

    /// <summary>The tasks a cluster runs as far as its last round and its events tell: R18.2's membership.</summary>
    internal static IEnumerable<string> Believed(ClusterTaskSet previous, IReadOnlyCollection<EcsEvent> events)
    {
        var stopping = new HashSet<string>(events.Where(e => e.IsStopping).Select(e => e.TaskArn), StringComparer.Ordinal);
        return previous.CompleteTasks.Keys
            .Concat(previous.IncompleteTasks.Keys)
            .Concat(events.Where(e => !e.IsStopping).Select(e => e.TaskArn))
            .Where(arn => !stopping.Contains(arn))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>How many tasks a listing found that the events had wrong: listed but not believed, or believed but not listed.</summary>
    internal static int Corrections(IEnumerable<string> believed, IEnumerable<string> listed)
    {
        var before = new HashSet<string>(believed, StringComparer.Ordinal);
        var now = new HashSet<string>(listed, StringComparer.Ordinal);
        return now.Count(arn => !before.Contains(arn)) + before.Count(arn => !now.Contains(arn));
    }

    private static Dictionary<string, EcsTask> Running(IReadOnlyCollection<EcsEvent> events) =>
        events.Where(e => !e.IsStopping && e.Task is not null).ToDictionary(e => e.TaskArn, e => e.Task!, StringComparer.Ordinal);

    // The tasks of a cluster, from the caches, the events' task data or DescribeTasks, evaluated where needed.
    private async Task<ClusterResult> DiscoverAsync(
        string cluster,
        string clusterName,
        ClusterTaskSet? previous,
        List<string> taskArns,
        Dictionary<string, EcsTask> eventTasks,
        TaskEventLedger? events,
        bool listing,
        CancellationToken cancellationToken)
    {
        var fromEvents = new List<EcsTask>();
        var again = new List<EcsTask>();
        var known = new List<EcsTask>();
        var reused = new List<(EcsTask Task, EvaluatedTask Evaluated)>();
        var unknown = new List<string>();
        foreach (var arn in taskArns)
        {
            if (eventTasks.TryGetValue(arn, out var told))
            {
                // A task start costs no DescribeTasks when its event says all the rules read (R18.3).
                if (IsEventComplete(told))
                {
                    fromEvents.Add(told);
                }
                else
                {
                    unknown.Add(arn);
                }
            }
            else if (!_caches.Tasks.TryGet(clusterName, arn, out var task))
            {
                if (!listing && previous is not null && previous.IncompleteTasks.TryGetValue(arn, out var pending))
                {
                    // Kept by events: a pending task's next event brings what it lacks; until then, evaluated as it was.
                    again.Add(pending);
                }
                else
                {
                    unknown.Add(arn);
                }
            }
            else if (_caches.Tasks.TryGetEvaluation(clusterName, arn, _rules, out var evaluated))
            {
                // A steady round: nothing about this task's targets can have changed, so the rules do not run again.
                reused.Add((task, evaluated));
            }
            else
            {
                known.Add(task);
            }
        }

        var described = await DescribeTasksAsync(cluster, unknown, cancellationToken).ConfigureAwait(false);
        foreach (var task in described)
        {
            events?.Observe(task);
            if (!_readTaskTags)
            {
                task.Tags = null;
            }
        }

        var tasks = known.Concat(fromEvents).Concat(again).Concat(described).ToList();
        var definitions = await DescribeTaskDefinitionsAsync(clusterName, tasks, cancellationToken).ConfigureAwait(false);
        var instanceIds = await ResolveContainerInstancesAsync(cluster, tasks, cancellationToken).ConfigureAwait(false);
        var hosts = await ResolveHostsAsync(instanceIds.Values, cancellationToken).ConfigureAwait(false);
        _log.Verbose($"Cluster {clusterName}: {taskArns.Count} task(s) {(listing ? "listed" : "known from events")}, {unknown.Count} described, {fromEvents.Count} from their events, {known.Count + reused.Count + again.Count} from the cache, {definitions.Count} task definition(s), {instanceIds.Count} container instance(s)");

        var result = new ClusterResult();
        var complete = new Dictionary<string, EcsTask>(StringComparer.Ordinal);
        var evaluations = new Dictionary<string, EvaluatedTask>(StringComparer.Ordinal);
        var incomplete = new Dictionary<string, string>(StringComparer.Ordinal);
        var incompleteTasks = new Dictionary<string, EcsTask>(StringComparer.Ordinal);
        foreach (var (task, evaluated) in reused)
        {
            Collect(result, clusterName, evaluated.Evaluation);
            complete[task.TaskArn!] = task;
            evaluations[task.TaskArn!] = evaluated;
        }

        foreach (var task in tasks)
        {
            var definitionArn = task.TaskDefinitionArn ?? "";
            if (!definitions.TryGetValue(definitionArn, out var definition))
            {
                var unavailable = TaskTargetRule.Skip(
                    new TaskFacts(task, new EcsTaskDefinition { TaskDefinitionArn = definitionArn }, clusterName, null, null),
                    "",
                    SkipReason.TaskDefinitionUnavailable,
                    $"task definition '{definitionArn}' could not be described");
                result.Skipped.Add(unavailable);
                incomplete[task.TaskArn ?? ""] = "unavailable " + definitionArn;
                incompleteTasks[task.TaskArn ?? ""] = task;
                continue;
            }

            string? ec2InstanceId = null;
            Ec2HostFacts? host = null;
            if (task.ContainerInstanceArn is { Length: > 0 } containerInstance && instanceIds.TryGetValue(containerInstance, out var id))
            {
                ec2InstanceId = id;
                hosts.TryGetValue(id, out host);
            }

            var evaluation = TaskTargetRule.Evaluate(TaskFacts.OnHost(task, definition, clusterName, ec2InstanceId, host), _rules);
            ShareStrings(evaluation);
            Collect(result, clusterName, evaluation);
            if (IsComplete(task, evaluation, ec2InstanceId, host) && !CanMovePortsInPlace(definition, evaluation))
            {
                complete[task.TaskArn!] = task;
                evaluations[task.TaskArn!] = new EvaluatedTask(evaluation, _rules, ec2InstanceId);
            }
            else
            {
                incomplete[task.TaskArn ?? ""] = Signature(evaluation);
                incompleteTasks[task.TaskArn ?? ""] = task;
            }
        }

        // Changed unless every listed task is one the last round evaluated (complete) or described the same way
        // (incomplete), and every task it had is still listed.
        result.Changed = previous is null
            || known.Count > 0
            || fromEvents.Count > 0
            || reused.Count != previous.CompleteTasks.Count
            || complete.Count != reused.Count
            || incomplete.Count != previous.Incomplete.Count
            || incomplete.Any(i => !previous.Incomplete.TryGetValue(i.Key, out var before) || before != i.Value);

        // What every listed task refers to stays cached: the reused tasks' references come from their evaluation.
        _caches.Tasks.Update(new ClusterTaskSet(
            clusterName,
            _caches.Now,
            complete,
            definitions.Keys.Concat(reused.Select(r => r.Task.TaskDefinitionArn ?? "")).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            instanceIds.Keys.Concat(reused.Select(r => r.Task.ContainerInstanceArn ?? "")).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            instanceIds.Values.Concat(reused.Select(r => r.Evaluated.Ec2InstanceId ?? "")).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            evaluations,
            incomplete,
            incompleteTasks));
        return result;
    }

    /// <summary>
    /// Whether a task event says everything the rules read of the task (R18.3): its definition, its containers (with
    /// their bindings and interfaces) and its status. Tags are never in an event: a run that reads task tags
    /// describes the task for them.
    /// </summary>
    internal bool IsEventComplete(EcsTask task) =>
        !_readTaskTags
        && !string.IsNullOrEmpty(task.TaskDefinitionArn)
        && !string.IsNullOrEmpty(task.LastStatus)
        && task.Containers is { Count: > 0 };

    // What a task's evaluation says, as text: two rounds that describe an incomplete task the same way change nothing.
    private static string Signature(TaskEvaluation evaluation) =>
        string.Join("\n", evaluation.Targets.Select(t => t.Target + " " + t.MetricsPath + " " + (int)t.Interval + " " + string.Join(",", t.Labels.Select(l => l.Key + "=" + l.Value))))
        + "\n" + string.Join("\n", evaluation.Skipped.Select(k => k.ContainerName + " " + SkipReasons.Name(k.Reason) + " " + k.Detail));

    // A complete task's targets live as long as the task: its repeated values are kept once for the whole fleet. The
    // values no other target has (its address, task and container) would only fill the pool.
    private static void ShareStrings(TaskEvaluation evaluation)
    {
        var pool = StringPool.Shared;
        foreach (var target in evaluation.Targets)
        {
            var unique = new[] { target.Target, target.TaskArn, target.TaskId, target.ContainerArn, target.Host };
            target.Labels = LabelDictionary.From(target.Labels, pool, value => Array.IndexOf(unique, value) >= 0);
            target.ClusterArn = pool.Share(target.ClusterArn)!;
            target.ClusterName = pool.Share(target.ClusterName)!;
            target.TaskDefinitionArn = pool.Share(target.TaskDefinitionArn)!;
            target.Job = pool.Share(target.Job)!;
            target.MetricsPath = pool.Share(target.MetricsPath)!;
            target.NetworkMode = pool.Share(target.NetworkMode)!;
            target.Image = pool.Share(target.Image);
            target.LaunchType = pool.Share(target.LaunchType);
        }
    }


    private void Collect(ClusterResult result, string clusterName, TaskEvaluation evaluation)
    {
        result.Targets.AddRange(evaluation.Targets);
        result.Skipped.AddRange(evaluation.Skipped);
        foreach (var warning in evaluation.Warnings)
        {
            _log.Warning($"Cluster {clusterName}: {warning}");
        }
    }

    public void Dispose() => _definitionGate.Dispose();

    /// <summary>
    /// A task is described again next round unless nothing about its targets can change while it runs:
    /// it is RUNNING, every marked container got its target, and its EC2 host (if any) was resolved: its host facts
    /// are known (R5, R15).
    /// </summary>
    internal static bool IsComplete(EcsTask task, TaskEvaluation evaluation, string? ec2InstanceId, Ec2HostFacts? host) =>
        !string.IsNullOrEmpty(task.TaskArn)
        && string.Equals(task.LastStatus, "RUNNING", StringComparison.Ordinal)
        && !evaluation.IsProvisional
        && (string.IsNullOrEmpty(task.ContainerInstanceArn) || (ec2InstanceId is not null && host is not null));

    /// <summary>
    /// Whether a target of this task can move while the task stays listed: a container with ECS's restart policy is
    /// restarted in place, and in bridge mode Docker may then publish its container port on another dynamic host
    /// port. Such a task is described again every round (batched with the other unknown tasks, 100 per call), so
    /// its targets stay right and every other task keeps the steady budget. Host and awsvpc ports are fixed.
    /// </summary>
    internal static bool CanMovePortsInPlace(EcsTaskDefinition definition, TaskEvaluation evaluation)
    {
        if (NetworkModes.Parse(definition.NetworkMode) != NetworkMode.Bridge)
        {
            return false;
        }

        var restartable = (definition.ContainerDefinitions ?? new List<EcsContainerDefinition>())
            .Where(c => c?.RestartPolicy?.Enabled == true && !string.IsNullOrEmpty(c.Name))
            .Select(c => c.Name!)
            .ToList();
        return restartable.Count > 0 && evaluation.Targets.Any(t => restartable.Contains(t.ContainerName, StringComparer.Ordinal));
    }

    private async Task<List<EcsTask>> DescribeTasksAsync(string cluster, List<string> taskArns, CancellationToken cancellationToken)
    {
        var tasks = new List<EcsTask>();
        var clusterName = ArnParts.ClusterName(cluster);
        var asked = 0;
        foreach (var batch in Batches.Of(taskArns, EcsLimits.DescribeBatchSize))
        {
            var described = await _ecs.DescribeTasksAsync(cluster, batch, cancellationToken).ConfigureAwait(false);
            asked += batch.Count;
            _progress.Step(clusterName, DiscoveryProgressTracker.DescribeTasksStep, asked, taskArns.Count);
            tasks.AddRange(described.Items.Where(t => t is not null && !string.IsNullOrEmpty(t.TaskArn)));
            foreach (var failure in described.Failures)
            {
                // MISSING is the normal race of a task that stopped between ListTasks and DescribeTasks.
                _log.Verbose($"DescribeTasks could not describe {failure?.Arn}: {failure?.Reason} {failure?.Detail}");
            }
        }

        return tasks;
    }

    private async Task<Dictionary<string, EcsTaskDefinition>> DescribeTaskDefinitionsAsync(string clusterName, List<EcsTask> tasks, CancellationToken cancellationToken)
    {
        var arns = tasks.Select(t => t.TaskDefinitionArn).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).Distinct(StringComparer.Ordinal).ToList();
        var read = 0;
        var lookups = arns.Select(async arn =>
        {
            if (_caches.TaskDefinitions.TryGet(arn, out var cached))
            {
                // Counted, but not reported: a warm round reads every definition from the cache at once.
                Interlocked.Increment(ref read);
                return (arn, (EcsTaskDefinition?)cached);
            }

            // Clusters run side by side and often share task definitions: one call per definition, whoever asks first.
            var lookup = _definitionLookups.GetOrAdd(arn, a => new Lazy<Task<EcsTaskDefinition?>>(() => DescribeTaskDefinitionAsync(a, cancellationToken)));
            var definition = await lookup.Value.ConfigureAwait(false);
            _progress.Step(clusterName, DiscoveryProgressTracker.TaskDefinitionsStep, Interlocked.Increment(ref read), arns.Count);
            return (arn, definition);
        }).ToList();

        var results = await Task.WhenAll(lookups).ConfigureAwait(false);
        return results.Where(r => r.Item2 is not null).ToDictionary(r => r.arn, r => r.Item2!, StringComparer.Ordinal);
    }

    private async Task<EcsTaskDefinition?> DescribeTaskDefinitionAsync(string arn, CancellationToken cancellationToken)
    {
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var definition = await _ecs.DescribeTaskDefinitionAsync(arn, cancellationToken).ConfigureAwait(false);
            definition.TaskDefinitionArn ??= arn;
            _caches.TaskDefinitions.Set(arn, definition);
            return definition;
        }
        catch (AwsApiException ex) when (!AwsErrorClassifier.IsTransient(ex.Kind) && ex.Kind != AwsErrorKind.AccessDenied && ex.Kind != AwsErrorKind.Authentication)
        {
            // One bad task definition costs its own tasks, not the cluster.
            _log.Warning($"Task definition {arn} could not be described ({ex.ErrorCode}: {ex.AwsMessage}); its tasks are skipped.");
            return null;
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    private async Task<Dictionary<string, string>> ResolveContainerInstancesAsync(string cluster, List<EcsTask> tasks, CancellationToken cancellationToken)
    {
        var wanted = tasks.Select(t => t.ContainerInstanceArn).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).Distinct(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var arn in wanted)
        {
            if (_caches.Ec2InstanceIds.TryGet(arn, out var id))
            {
                result[arn] = id;
            }
            else
            {
                missing.Add(arn);
            }
        }

        foreach (var batch in Batches.Of(missing, EcsLimits.DescribeBatchSize))
        {
            var described = await _ecs.DescribeContainerInstancesAsync(cluster, batch, cancellationToken).ConfigureAwait(false);
            foreach (var instance in described.Items)
            {
                if (!string.IsNullOrEmpty(instance?.ContainerInstanceArn) && !string.IsNullOrEmpty(instance!.Ec2InstanceId))
                {
                    _caches.Ec2InstanceIds.Set(instance.ContainerInstanceArn!, instance.Ec2InstanceId!);
                    result[instance.ContainerInstanceArn!] = instance.Ec2InstanceId!;
                }
            }

            foreach (var failure in described.Failures)
            {
                _log.Verbose($"DescribeContainerInstances could not describe {failure?.Arn}: {failure?.Reason}");
            }
        }

        return result;
    }

    // The facts of each EC2 instance, from the cache or DescribeInstances (R5, R14, R15). ECS Anywhere's managed
    // nodes (mi-) are no EC2 instances: they are never asked for, so they cannot fail a batch, and their tasks get
    // no-address with a detail that says why.
    private async Task<Dictionary<string, Ec2HostFacts>> ResolveHostsAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Ec2HostFacts>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            if (Ec2HostFacts.IsManagedInstanceId(id))
            {
                continue;
            }

            if (_caches.Hosts.TryGet(id, out var host))
            {
                result[id] = host;
            }
            else
            {
                missing.Add(id);
            }
        }

        foreach (var batch in Batches.Of(missing, _ec2.MaxBatchSize))
        {
            var described = await _ec2.DescribeInstancesAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (var pair in described.Where(p => p.Value.HasAddress))
            {
                _caches.Hosts.Set(pair.Key, pair.Value);
                result[pair.Key] = pair.Value;
            }

            foreach (var gone in batch.Where(id => !described.ContainsKey(id)))
            {
                _log.Verbose($"EC2 instance {gone} was not found (terminated?); its tasks get no host address");
            }
        }

        return result;
    }
}
