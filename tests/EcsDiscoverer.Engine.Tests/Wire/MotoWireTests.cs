using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Wire;

/// <summary>
/// The production AWS path (<see cref="Aws.Connection.AwsConnection"/>: SigV4 signing handler, our ECS JSON 1.1
/// client, AWSSDK.EC2's query protocol, the call pipeline) against moto, with moto's IAM checks on: a request is
/// only answered when its signature verifies against an IAM user's secret and that user's policy allows the action.
/// </summary>
[Collection(MotoServerFixture.CollectionName)]
public sealed class MotoWireTests : IDisposable
{
    private const string UnknownInstanceId = "i-0123456789abcdef0";
    private readonly MotoServerFixture _moto;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public MotoWireTests(MotoServerFixture moto) => _moto = moto;

    private CancellationToken Timeout => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task ListClusters_with_a_verified_SigV4_signature_returns_the_seeded_cluster()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var page = await conn.Ecs.ListClustersAsync(null, Timeout);

        Assert.Equal(new[] { _moto.Seed.ClusterArn }, page.Items);
        Assert.Null(page.NextToken);
        Assert.Equal("us-east-1", conn.Region);
        Assert.Equal(new Uri(_moto.Url + "/"), conn.EcsEndpoint);
        Assert.Equal(new[] { "ecs:ListClusters:Ok" }, observer.SortedCalls);
    }

    [Fact]
    public async Task A_wrong_secret_key_fails_moto_signature_check_for_ECS_and_EC2_and_is_not_retried()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader.AccessKey, "not-the-secret", observer);

        // ECS: moto answers 403 with an XML SignatureDoesNotMatch body (real ECS answers JSON); the client reads both.
        var ecsError = await Assert.ThrowsAsync<AwsApiException>(() => conn.Ecs.ListClustersAsync(null, Timeout));
        Assert.Equal("ecs", ecsError.Service);
        Assert.Equal("ListClusters", ecsError.Operation);
        Assert.Equal(HttpStatusCode.Forbidden, ecsError.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", ecsError.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, ecsError.Kind);
        Assert.False(AwsErrorClassifier.IsTransient(ecsError.Kind), $"{ecsError.ErrorCode} classified {ecsError.Kind}");

        // EC2 (query protocol, parsed by AWSSDK.EC2): AuthFailure.
        var ec2Error = await Assert.ThrowsAsync<AwsApiException>(
            () => conn.Ec2.DescribeInstancesAsync(new[] { _moto.Seed.InstanceId }, Timeout));
        Assert.Equal("ec2", ec2Error.Service);
        Assert.Equal("DescribeInstances", ec2Error.Operation);
        Assert.Equal("AuthFailure", ec2Error.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, ec2Error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, ec2Error.StatusCode);

        Assert.Equal(new[] { "ec2:DescribeInstances:Error", "ecs:ListClusters:Error" }, observer.SortedCalls);
    }

    [Fact]
    public async Task Unknown_dummy_keys_are_rejected_once_moto_checks_IAM()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open("AKIDEXAMPLE", "secret", observer);

        var ecsError = await Assert.ThrowsAsync<AwsApiException>(() => conn.Ecs.ListClustersAsync(null, Timeout));
        Assert.Equal(HttpStatusCode.Forbidden, ecsError.StatusCode);
        Assert.Equal("InvalidClientTokenId", ecsError.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, ecsError.Kind);

        var ec2Error = await Assert.ThrowsAsync<AwsApiException>(
            () => conn.Ec2.DescribeInstancesAsync(new[] { _moto.Seed.InstanceId }, Timeout));
        Assert.Equal("AuthFailure", ec2Error.ErrorCode);
        Assert.Equal(AwsErrorKind.Authentication, ec2Error.Kind);
    }

    [Fact]
    public async Task Moto_enforces_the_IAM_policy_per_action_so_the_reader_user_proves_the_least_privilege_policy_suffices()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Denied, observer);

        var page = await conn.Ecs.ListClustersAsync(null, Timeout);
        Assert.Equal(new[] { _moto.Seed.ClusterArn }, page.Items);

        var error = await Assert.ThrowsAsync<AwsApiException>(() => conn.Ecs.ListTasksAsync("wire-cluster", null, Timeout));
        Assert.Equal("ListTasks", error.Operation);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(AwsErrorKind.AccessDenied, error.Kind);
        Assert.False(AwsErrorClassifier.IsTransient(error.Kind), $"{error.ErrorCode} classified {error.Kind}");
        Assert.Equal(new[] { "ecs:ListClusters:Ok", "ecs:ListTasks:Error" }, observer.SortedCalls);
    }

    [Fact]
    public async Task ListTasks_returns_the_three_running_tasks_and_not_the_stopped_one()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var page = await conn.Ecs.ListTasksAsync("wire-cluster", null, Timeout);

        Assert.Equal(_moto.Seed.TaskArns.OrderBy(a => a, StringComparer.Ordinal), page.Items.OrderBy(a => a, StringComparer.Ordinal));
        Assert.DoesNotContain(_moto.Seed.StoppedTaskArn, page.Items);
        Assert.Null(page.NextToken);
        Assert.Equal(new[] { "ecs:ListTasks:Ok" }, observer.SortedCalls);
    }

    [Fact]
    public async Task ListTasks_accepts_the_cluster_ARN_as_well_as_the_name()
    {
        using var conn = _moto.Open(_moto.Seed.Reader, null);

        var page = await conn.Ecs.ListTasksAsync(_moto.Seed.ClusterArn, null, Timeout);

        Assert.Equal(_moto.Seed.TaskArns.OrderBy(a => a, StringComparer.Ordinal), page.Items.OrderBy(a => a, StringComparer.Ordinal));
    }

    [Fact]
    public async Task DescribeTasks_parses_the_task_and_container_fields()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var batch = await conn.Ecs.DescribeTasksAsync("wire-cluster", _moto.Seed.TaskArns, Timeout);

        Assert.Empty(batch.Failures);
        Assert.Equal(_moto.Seed.TaskArns.OrderBy(a => a, StringComparer.Ordinal), batch.Items.Select(t => t.TaskArn).OrderBy(a => a, StringComparer.Ordinal));
        Assert.All(batch.Items, task =>
        {
            Assert.Equal(_moto.Seed.ClusterArn, task.ClusterArn);
            Assert.Equal(_moto.Seed.TaskDefinitionArn, task.TaskDefinitionArn);
            Assert.Equal(_moto.Seed.ContainerInstanceArn, task.ContainerInstanceArn);
            Assert.Equal("RUNNING", task.LastStatus);
            Assert.Equal("RUNNING", task.DesiredStatus);
            Assert.Equal("EC2", task.LaunchType);
            Assert.Equal("family:wire-web", task.Group);
            var container = Assert.Single(task.Containers!);
            Assert.Equal(_moto.Seed.ContainerName, container.Name);
            Assert.Equal("example/web:1.0", container.Image);
            Assert.True(container.NetworkBindings is null || container.NetworkBindings.Count == 0, "moto was not expected to fill networkBindings");
            Assert.Empty(task.Attachments ?? new());
        });
        Assert.Equal(new[] { "ecs:DescribeTasks:Ok" }, observer.SortedCalls);
    }

    [Fact]
    public async Task DescribeTasks_keeps_tasks_RUNNING_when_described_again()
    {
        using var conn = _moto.Open(_moto.Seed.Reader, null);

        for (var round = 0; round < 3; round++)
        {
            var batch = await conn.Ecs.DescribeTasksAsync("wire-cluster", _moto.Seed.TaskArns, Timeout);
            Assert.All(batch.Items, t => Assert.Equal("RUNNING", t.LastStatus));
        }
    }

    [Theory]
    [InlineData("arn")]
    [InlineData("wire-web:1")]
    [InlineData("wire-web")]
    public async Task DescribeTaskDefinition_parses_family_revision_network_mode_environment_and_port_mappings(string reference)
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var definition = await conn.Ecs.DescribeTaskDefinitionAsync(reference == "arn" ? _moto.Seed.TaskDefinitionArn : reference, Timeout);

        Assert.Equal(_moto.Seed.TaskDefinitionArn, definition.TaskDefinitionArn);
        Assert.Equal("wire-web", definition.Family);
        Assert.Equal(1, definition.Revision);
        Assert.Equal("bridge", definition.NetworkMode);
        var container = Assert.Single(definition.ContainerDefinitions!);
        Assert.Equal(_moto.Seed.ContainerName, container.Name);
        Assert.Equal("example/web:1.0", container.Image);
        Assert.Equal(
            new[] { "PROMETHEUS=true", "PROMETHEUS_ENDPOINT=/m" },
            container.Environment!.Select(e => $"{e.Name}={e.Value}").OrderBy(s => s, StringComparer.Ordinal));
        var mapping = Assert.Single(container.PortMappings!);
        Assert.Equal(8080, mapping.ContainerPort);
        Assert.Null(mapping.HostPort);
        Assert.Equal(new[] { "ecs:DescribeTaskDefinition:Ok" }, observer.SortedCalls);
    }

    [Fact]
    public async Task DescribeContainerInstances_returns_the_EC2_instance_id()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var batch = await conn.Ecs.DescribeContainerInstancesAsync("wire-cluster", new[] { _moto.Seed.ContainerInstanceArn }, Timeout);

        Assert.Empty(batch.Failures);
        var instance = Assert.Single(batch.Items);
        Assert.Equal(_moto.Seed.ContainerInstanceArn, instance.ContainerInstanceArn);
        Assert.Equal(_moto.Seed.InstanceId, instance.Ec2InstanceId);
        Assert.Equal(new[] { "ecs:DescribeContainerInstances:Ok" }, observer.SortedCalls);
    }

    [Fact]
    public async Task ListTasks_on_a_missing_cluster_throws_ClusterNotFoundException_of_kind_NotFound()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var error = await Assert.ThrowsAsync<AwsApiException>(() => conn.Ecs.ListTasksAsync("no-such-cluster", null, Timeout));

        Assert.Equal("ecs", error.Service);
        Assert.Equal("ListTasks", error.Operation);
        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
        Assert.Equal(AwsErrorKind.NotFound, error.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("Cluster not found.", error.AwsMessage);
        Assert.Equal(new[] { "ecs:ListTasks:Error" }, observer.SortedCalls);
    }

    [Fact]
    public async Task EC2_DescribeInstances_returns_the_private_IP_and_leaves_an_unknown_instance_out()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);

        var ips = await conn.Ec2.DescribeInstancesAsync(new[] { _moto.Seed.InstanceId, UnknownInstanceId }, Timeout);

        var pair = Assert.Single(ips);
        Assert.Equal(_moto.Seed.InstanceId, pair.Key);
        Assert.Equal(_moto.Seed.PrivateIp, pair.Value.PrivateIpv4);
        Assert.False(ips.ContainsKey(UnknownInstanceId));
        Assert.Equal(new[] { "ec2:DescribeInstances:Ok" }, observer.SortedCalls);
    }

    [Fact]
    public async Task EC2_DescribeInstances_of_only_an_unknown_instance_is_empty_not_an_error()
    {
        using var conn = _moto.Open(_moto.Seed.Reader, null);

        var ips = await conn.Ec2.DescribeInstancesAsync(new[] { UnknownInstanceId }, Timeout);

        Assert.Empty(ips);
    }

    [Fact]
    public async Task Discovery_end_to_end_goes_through_every_API_and_skips_each_bridge_task_for_NoNetworkBinding()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);
        var caches = new DiscoveryCaches();
        var engine = new EcsDiscoveryEngine(conn.Ecs, conn.Ec2, caches, new RuleSettings());

        var result = await engine.DiscoverAsync(new DiscoveryRequest { Clusters = new[] { "wire-cluster" } }, null, Timeout);

        Assert.Empty(result.Failures);
        Assert.False(result.FailedEntirely);
        Assert.Equal(new[] { "wire-cluster" }, result.DiscoveredClusters);
        Assert.Empty(result.Targets);
        Assert.Equal(
            _moto.Seed.TaskArns.OrderBy(a => a, StringComparer.Ordinal),
            result.Skipped.Select(s => s.TaskArn).OrderBy(a => a, StringComparer.Ordinal));
        Assert.All(result.Skipped, skip =>
        {
            Assert.Equal(SkipReason.NoNetworkBinding, skip.Reason);
            Assert.Equal("wire-cluster", skip.ClusterName);
            Assert.Equal("wire-web", skip.Family);
            Assert.Equal(1, skip.Revision);
            Assert.Equal(_moto.Seed.ContainerName, skip.ContainerName);
            Assert.Equal(_moto.Seed.TaskDefinitionArn, skip.TaskDefinitionArn);
            Assert.Equal(ArnParts.LastSegment(skip.TaskArn), skip.TaskId);
        });

        // What the other APIs answered reached the engine: the caches hold the task definition, the container
        // instance's EC2 instance and that instance's private IP.
        Assert.True(caches.TaskDefinitions.Contains(_moto.Seed.TaskDefinitionArn));
        Assert.True(caches.Ec2InstanceIds.TryGet(_moto.Seed.ContainerInstanceArn, out var instanceId));
        Assert.Equal(_moto.Seed.InstanceId, instanceId);
        Assert.True(caches.Hosts.TryGet(_moto.Seed.InstanceId, out var host));
        Assert.Equal(_moto.Seed.PrivateIp, host.PrivateIpv4);

        Assert.Equal(
            new[]
            {
                "ec2:DescribeInstances:Ok",
                "ecs:DescribeContainerInstances:Ok",
                "ecs:DescribeTaskDefinition:Ok",
                "ecs:DescribeTasks:Ok",
                "ecs:ListTasks:Ok",
            },
            observer.SortedCalls);

        // A second round with the same caches only lists and describes the tasks.
        var second = await engine.DiscoverAsync(new DiscoveryRequest { Clusters = new[] { "wire-cluster" } }, null, Timeout);
        Assert.Equal(3, second.Skipped.Count);
        Assert.Equal(
            new[]
            {
                "ec2:DescribeInstances:Ok",
                "ecs:DescribeContainerInstances:Ok",
                "ecs:DescribeTaskDefinition:Ok",
                "ecs:DescribeTasks:Ok",
                "ecs:DescribeTasks:Ok",
                "ecs:ListTasks:Ok",
                "ecs:ListTasks:Ok",
            },
            observer.SortedCalls);
    }

    [Fact]
    public async Task Discovery_with_a_wildcard_lists_the_clusters_and_reports_a_missing_named_cluster_as_a_failure()
    {
        var observer = new RecordingAwsCallObserver();
        using var conn = _moto.Open(_moto.Seed.Reader, observer);
        var engine = new EcsDiscoveryEngine(conn.Ecs, conn.Ec2, new DiscoveryCaches(), new RuleSettings());

        var result = await engine.DiscoverAsync(new DiscoveryRequest { Clusters = new[] { "wire-*", "no-such-cluster" } }, null, Timeout);

        Assert.Equal(new[] { "wire-cluster" }, result.DiscoveredClusters);
        Assert.Equal(3, result.Skipped.Count);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("no-such-cluster", failure.Cluster);
        var error = Assert.IsType<AwsApiException>(failure.Error);
        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
        Assert.False(result.FailedEntirely);
        Assert.Contains("ecs:ListClusters:Ok", observer.SortedCalls);
        Assert.Contains("ecs:ListTasks:Error", observer.SortedCalls);
        Assert.Equal(1, observer.SortedCalls.Count(c => c == "ecs:ListTasks:Ok"));
        Assert.DoesNotContain(observer.Attempts, a => a.Outcome == AwsCallOutcome.Throttled);
    }
}
