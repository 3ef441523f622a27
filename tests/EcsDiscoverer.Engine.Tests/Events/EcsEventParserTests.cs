using System;
using EcsDiscoverer.Engine.Events;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>R18.1: what a queue message is, read; never an exception.</summary>
public class EcsEventParserTests
{
    [Fact(DisplayName = "R18.1: the ECS guide's Fargate task event reads as the task DescribeTasks would give, with its version and change time")]
    public void ReadsTheGuideExample()
    {
        var reading = EcsEventParser.Parse(EventSamples.Fargate(version: 4));
        var ecsEvent = Assert.IsType<EcsEvent>(reading.Event);
        Assert.Equal("111122223333", ecsEvent.Account);
        Assert.Equal("us-west-2", ecsEvent.Region);
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster", ecsEvent.ClusterArn);
        Assert.Equal(4, ecsEvent.Version);
        Assert.Equal(EventSamples.FargateTaskArn, ecsEvent.TaskArn);
        Assert.Equal(new DateTimeOffset(2020, 1, 23, 17, 57, 58, 103, TimeSpan.Zero), ecsEvent.ChangedAt);
        var task = ecsEvent.Task!;
        Assert.Equal("RUNNING", task.LastStatus);
        Assert.Equal("FARGATE", task.LaunchType);
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1", task.TaskDefinitionArn);
        Assert.Equal("10.0.0.139", Assert.Single(Assert.Single(task.Containers!).NetworkInterfaces!).PrivateIpv4Address);
        Assert.Equal(4, task.Version);
        Assert.Null(task.Tags);
        Assert.False(ecsEvent.IsStopping);
    }

    [Theory(DisplayName = "R18.2: a task leaves the targets as soon as it stops or is asked to stop")]
    [InlineData("RUNNING", "RUNNING", false)]
    [InlineData("PENDING", "RUNNING", false)]
    [InlineData("RUNNING", "STOPPED", true)]
    [InlineData("DEACTIVATING", "STOPPED", true)]
    [InlineData("DEPROVISIONING", "STOPPED", true)]
    [InlineData("STOPPED", "STOPPED", true)]
    public void Stopping(string lastStatus, string desiredStatus, bool stopping) =>
        Assert.Equal(stopping, EcsEventParser.Parse(EventSamples.Fargate(5, lastStatus, desiredStatus)).Event!.IsStopping);

    [Fact(DisplayName = "R18.1: a container instance event tells the instance's EC2 id")]
    public void ContainerInstanceEvent()
    {
        var ecsEvent = EcsEventParser.Parse(EventSamples.ContainerInstance).Event!;
        Assert.Null(ecsEvent.Task);
        Assert.Equal("i-f3a8506b", ecsEvent.ContainerInstance!.Ec2InstanceId);
        Assert.Equal(14801, ecsEvent.Version);
    }

    [Theory(DisplayName = "R18.1: a message that is not an ECS state change event is set aside as foreign or malformed, with why")]
    [InlineData("", EventIgnoreReason.Malformed, "empty")]
    [InlineData("not json {", EventIgnoreReason.Malformed, "not JSON")]
    [InlineData("[1, 2]", EventIgnoreReason.Malformed, "not an object")]
    [InlineData("{\"Type\":\"Notification\",\"Message\":\"{}\"}", EventIgnoreReason.Foreign, "not an EventBridge event")]
    [InlineData("{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}", EventIgnoreReason.Foreign, "source 'aws.ec2'")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Service Action\",\"detail\":{}}", EventIgnoreReason.Foreign, "'ECS Service Action'")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\"}", EventIgnoreReason.Malformed, "without a detail object")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"clusterArn\":\"arn:aws:ecs:us-east-1:1:cluster/c\",\"taskArn\":\"t\"}}", EventIgnoreReason.Malformed, "detail.version")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"version\":\"x\",\"taskArn\":\"t\"}}", EventIgnoreReason.Malformed, "detail.version")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"version\":-1,\"taskArn\":\"t\"}}", EventIgnoreReason.Malformed, "detail.version")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"version\":3,\"taskArn\":\"t\"}}", EventIgnoreReason.Malformed, "detail.clusterArn")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"version\":3,\"clusterArn\":\"arn:aws:ecs:us-east-1:1:cluster/c\"}}", EventIgnoreReason.Malformed, "detail.taskArn")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"version\":3,\"clusterArn\":\"arn:aws:ecs:us-east-1:1:cluster/c\",\"taskArn\":\"t\",\"containers\":\"oops\"}}", EventIgnoreReason.Malformed, "not JSON")]
    [InlineData("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Container Instance State Change\",\"detail\":{\"version\":3,\"clusterArn\":\"arn:aws:ecs:us-east-1:1:cluster/c\"}}", EventIgnoreReason.Malformed, "containerInstanceArn")]
    public void SetAside(string body, EventIgnoreReason reason, string detail)
    {
        var reading = EcsEventParser.Parse(body);
        Assert.Null(reading.Event);
        Assert.Equal(reason, reading.Reason);
        Assert.Contains(detail, reading.Detail, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "R18.1: a version given as a string still reads; a detail without updatedAt takes the envelope's time")]
    public void VersionAsStringAndEnvelopeTime()
    {
        var body = "{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"time\":\"2026-12-06T13:00:00Z\",\"detail\":{\"version\":\"7\",\"clusterArn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/c\",\"taskArn\":\"arn:aws:ecs:us-east-1:123456789012:task/c/abc\"}}";
        var ecsEvent = EcsEventParser.Parse(body).Event!;
        Assert.Equal(7, ecsEvent.Version);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 13, 0, 0, TimeSpan.Zero), ecsEvent.ChangedAt);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/c", ecsEvent.Task!.ClusterArn);
    }
}
