using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>The xunit collection whose tests share the event-driven discovery's moto server.</summary>
[CollectionDefinition(MotoEventsFixture.CollectionName)]
public sealed class MotoEventsCollectionDefinition : ICollectionFixture<MotoEventsFixture>
{
}

/// <summary>
/// A moto server of its own for event-driven discovery (issue 14), seeded by <c>seed_moto_events.py</c>: the stack of
/// <c>docs/deploy/ecs-events.yaml</c> (two replicas' queues "ecs-events" and "ecs-events-2", each with a dead-letter
/// queue, and the EventBridge rule "ecs-events" on the default bus filtered to the cluster), the cluster
/// "events-cluster" with an EC2 container instance, one RUNNING bridge task on it and one RUNNING Fargate task, and
/// the IAM users <see cref="MotoEventsSeed.Reader"/> (polling policy plus the stack's SQS policy),
/// <see cref="MotoEventsSeed.PollingOnly"/> (no SQS) and <see cref="MotoEventsSeed.Admin"/>. Then moto's IAM checks
/// are on. <see cref="RunAsync"/> changes ECS and sends events between a test's steps, through
/// <c>moto_ecs_events.py</c>; the tests of the collection share the queues, so a test that counts messages first
/// runs <c>purge</c>.
/// </summary>
public sealed class MotoEventsFixture : MotoServer
{
    /// <summary>The name of the xunit collection.</summary>
    public const string CollectionName = "moto-events";

    private const string EventsScriptName = "moto_ecs_events.py";

    /// <summary>What the seeding script created.</summary>
    public MotoEventsSeed Seed { get; private set; } = null!;

    /// <summary>
    /// The state file of <c>moto_ecs_events.py</c>: what the seed printed, plus the event version last sent per task
    /// (each call of the script is a process of its own). Deleted with the fixture.
    /// </summary>
    public string StateFile { get; } = Path.Combine(Path.GetTempPath(), "ecsd-moto-events-" + Guid.NewGuid().ToString("N") + ".json");

    /// <inheritdoc />
    protected override string SeedScriptName => "seed_moto_events.py";

    /// <summary>
    /// Runs <c>python3 moto_ecs_events.py URL --state STATEFILE ARGS...</c> and returns its stdout, trimmed; throws
    /// with its stderr and moto's log when it fails. Commands: <c>start [--fargate]</c> (prints the task ARN),
    /// <c>stop TASKARN</c> (prints the event's version), <c>replay TASKARN VERSION STATUS</c>, <c>malformed</c>,
    /// <c>foreign</c> (prints the foreign task's ARN), <c>purge</c>, <c>count [--queue N] [--dead-letter]</c> (prints
    /// the number of messages, visible or not) and <c>peek [--queue N]</c> (prints a JSON array of the bodies; a peek
    /// is a receive, and the sixth receive of an undeleted message moves it to the dead-letter queue). The script's
    /// docstring says what each does.
    /// </summary>
    public async Task<string> RunAsync(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var stdout = await RunScriptAsync(EventsScriptName, new[] { "--state", StateFile }.Concat(args).ToArray()).ConfigureAwait(false);
        return stdout.Trim();
    }

    /// <summary>The number of messages of queue <paramref name="queue"/> (1 or 2), or of its dead-letter queue, visible or in flight.</summary>
    public async Task<int> CountAsync(int queue = 1, bool deadLetter = false)
    {
        var arguments = new List<string> { "count", "--queue", queue.ToString(CultureInfo.InvariantCulture) };
        if (deadLetter)
        {
            arguments.Add("--dead-letter");
        }

        return int.Parse(await RunAsync(arguments.ToArray()).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    protected override void ReadSeed(string json)
    {
        Seed = ParseSeed<MotoEventsSeed>(json);
        File.WriteAllText(StateFile, json);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && File.Exists(StateFile))
        {
            File.Delete(StateFile);
        }
    }
}

/// <summary>
/// What <c>seed_moto_events.py</c> created, as it printed it. <see cref="QueueUrl"/> and <see cref="QueueUrls"/> are
/// moto's (<c>http://127.0.0.1:PORT/123456789012/ecs-events</c>); <see cref="StackQueueUrls"/> are the stack's outputs,
/// AWS's form (<c>https://sqs.us-east-1.amazonaws.com/123456789012/ecs-events</c>). moto finds the queue by the last
/// path segment of either, sent to its endpoint.
/// </summary>
public sealed record MotoEventsSeed(
    string Account,
    string Region,
    string StackName,
    string QueueUrl,
    string QueueArn,
    IReadOnlyList<string> QueueUrls,
    IReadOnlyList<string> QueueArns,
    IReadOnlyList<string> StackQueueUrls,
    IReadOnlyList<string> DeadLetterQueueUrls,
    string RuleArn,
    string DiscovererPolicyArn,
    MotoKeys Reader,
    MotoKeys PollingOnly,
    MotoKeys Admin,
    string ReaderUserName,
    string PollingOnlyUserName,
    string VpcId,
    string SubnetId,
    string SecurityGroupId,
    string InstanceId,
    string PrivateIp,
    string ClusterName,
    string ClusterArn,
    string ContainerInstanceArn,
    string ContainerName,
    string TaskDefinitionArn,
    string FargateTaskDefinitionArn,
    int BridgePort,
    int FargatePort,
    string Ec2TaskArn,
    string FargateTaskArn,
    string FargatePrivateIp,
    IReadOnlyList<string> TaskArns);
