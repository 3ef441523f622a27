using System.Globalization;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>
/// ECS task state change events shaped as the ECS developer guide shows them ("Example Task state change event"):
/// the EventBridge envelope, and a detail that is the task as DescribeTasks gives it with ISO timestamps and a version.
/// </summary>
internal static class EventSamples
{
    public const string FargateTaskArn = "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad";

    /// <summary>The guide's Fargate example, with a version of our choosing.</summary>
    public static string Fargate(long version = 4, string lastStatus = "RUNNING", string desiredStatus = "RUNNING") => """
        {
            "version": "0",
            "id": "3317b2af-7005-947d-b652-f55e762e571a",
            "detail-type": "ECS Task State Change",
            "source": "aws.ecs",
            "account": "111122223333",
            "time": "2020-01-23T17:57:58Z",
            "region": "us-west-2",
            "resources": ["arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad"],
            "detail": {
                "attachments": [{
                    "id": "1789bcae-ddfb-4d10-8ebe-8ac87ddba5b8", "type": "eni", "status": "ATTACHED",
                    "details": [
                        {"name": "subnetId", "value": "subnet-abcd1234"},
                        {"name": "networkInterfaceId", "value": "eni-abcd1234"},
                        {"name": "macAddress", "value": "0a:98:eb:a7:29:ba"},
                        {"name": "privateIPv4Address", "value": "10.0.0.139"}
                    ]
                }],
                "availabilityZone": "us-west-2c",
                "clusterArn": "arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster",
                "containers": [{
                    "containerArn": "arn:aws:ecs:us-west-2:111122223333:container/cf159fd6-3e3f-4a9e-84f9-66cbe726af01",
                    "lastStatus": "RUNNING",
                    "name": "FargateApp",
                    "image": "111122223333.dkr.ecr.us-west-2.amazonaws.com/hello-repository:latest",
                    "runtimeId": "ad64cbc71c7fb31c55507ec24c9f77947132b03d48d9961115cf24f3b7307e1e",
                    "taskArn": "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad",
                    "networkInterfaces": [{"attachmentId": "1789bcae-ddfb-4d10-8ebe-8ac87ddba5b8", "privateIpv4Address": "10.0.0.139"}],
                    "cpu": "0"
                }],
                "createdAt": "2020-01-23T17:57:34.402Z",
                "launchType": "FARGATE",
                "cpu": "256",
                "memory": "512",
                "desiredStatus": "DESIRED",
                "group": "family:sample-fargate",
                "lastStatus": "LAST",
                "overrides": {"containerOverrides": [{"name": "FargateApp"}]},
                "connectivity": "CONNECTED",
                "connectivityAt": "2020-01-23T17:57:38.453Z",
                "pullStartedAt": "2020-01-23T17:57:52.103Z",
                "startedAt": "2020-01-23T17:57:58.103Z",
                "pullStoppedAt": "2020-01-23T17:57:55.103Z",
                "updatedAt": "2020-01-23T17:57:58.103Z",
                "taskArn": "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad",
                "taskDefinitionArn": "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1",
                "version": VERSION,
                "platformVersion": "1.3.0"
            }
        }
        """.Replace("VERSION", version.ToString(CultureInfo.InvariantCulture), System.StringComparison.Ordinal)
           .Replace("\"DESIRED\"", "\"" + desiredStatus + "\"", System.StringComparison.Ordinal)
           .Replace("\"LAST\"", "\"" + lastStatus + "\"", System.StringComparison.Ordinal);

    /// <summary>The guide's container instance example, cut to the fields that matter.</summary>
    public const string ContainerInstance = """
        {
            "version": "0", "id": "8952ba83-7be2-4ab5-9c32-6687532d15a2",
            "detail-type": "ECS Container Instance State Change", "source": "aws.ecs",
            "account": "111122223333", "time": "2016-12-06T16:41:06Z", "region": "us-east-1",
            "resources": ["arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315"],
            "detail": {
                "agentConnected": true,
                "clusterArn": "arn:aws:ecs:us-east-1:111122223333:cluster/default",
                "containerInstanceArn": "arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315",
                "ec2InstanceId": "i-f3a8506b",
                "status": "ACTIVE",
                "version": 14801,
                "versionInfo": {"agentHash": "aebcbca", "agentVersion": "1.13.0", "dockerVersion": "DockerVersion: 1.11.2"},
                "updatedAt": "2016-12-06T16:41:06.991Z"
            }
        }
        """;
}
