using System.Text.Json.Nodes;
using static EcsDiscoverer.Engine.Tests.BadInput.CaseShapes;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>Old (<c>task/ID</c>) and new (<c>task/CLUSTER/ID</c>) ARN formats, other partitions, and ARNs that are not ARNs.</summary>
internal static partial class BadInputCorpus
{
    private static readonly (string Partition, string Region)[] Partitions =
    {
        ("aws", Region), ("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1"), ("aws-iso", "us-iso-east-1"), ("aws-iso-b", "us-isob-east-1"),
    };

    private static void AddArns(CategoryBuilder cases)
    {
        foreach (var (partition, region) in Partitions)
        {
            var prefix = $"arn:{partition}:ecs:{region}:{Account}:";
            cases.Bridge($"task ARN, new format, {partition}: task_id is the last segment",
                CaseExpectation.Target().LabelIsCaseId("task_id").LabelFromCase("__meta_ecs_task_arn", c => prefix + $"task/{MainCluster}/{c.Id}"), MarkedEnv(),
                editTask: t => t["taskArn"] = prefix + $"task/{MainCluster}/{(string)t["id"]!}");
            cases.Bridge($"task ARN, old format, {partition}: task_id is the last segment",
                CaseExpectation.Target().LabelIsCaseId("task_id").LabelFromCase("__meta_ecs_task_arn", c => prefix + $"task/{c.Id}"), MarkedEnv(),
                editTask: t => t["taskArn"] = prefix + $"task/{(string)t["id"]!}");

            foreach (var oldFormat in new[] { false, true })
            {
                var added = cases.Bridge(
                    $"container instance ARN, {(oldFormat ? "old" : "new")} format, {partition}: resolves to its EC2 host",
                    CaseExpectation.Target(HostPort, "10.0.2.1").LabelFromCase("instance_id", c => "i-" + c.Id),
                    MarkedEnv());
                var arn = prefix + (oldFormat ? $"container-instance/{added.Id}" : $"container-instance/{MainCluster}/{added.Id}");
                added.Task.Remove("containerInstance");
                added.Task["containerInstanceArn"] = arn;
                added.ContainerInstances.Add(new JsonObject { ["containerInstanceArn"] = arn, ["ec2InstanceId"] = "i-" + added.Id });
                added.Ec2Instances.Add(new JsonObject { ["instanceId"] = "i-" + added.Id, ["privateIpAddress"] = "10.0.2.1" });
            }

            cases.Bridge($"container ARN, old format, {partition}: container_id is the last segment",
                CaseExpectation.Target().Label("container_id", "0c5e4c39-0000-4000-8000-000000000001"), MarkedEnv(),
                editTask: t => Runtime(t)["containerArn"] = prefix + "container/0c5e4c39-0000-4000-8000-000000000001");
            cases.Bridge($"container ARN, new format, {partition}: container_id is the last segment",
                CaseExpectation.Target().Label("container_id", "0c5e4c39-0000-4000-8000-000000000002"), MarkedEnv(),
                editTask: t => Runtime(t)["containerArn"] = prefix + $"container/{MainCluster}/{(string)t["id"]!}/0c5e4c39-0000-4000-8000-000000000002");
            cases.Bridge($"task definition ARN in {partition}",
                CaseExpectation.Target().LabelFromCase("__meta_ecs_task_definition_arn", c => prefix + $"task-definition/{c.Id}:1").LabelIsCaseId("job"), MarkedEnv(),
                d => d["taskDefinitionArn"] = prefix + $"task-definition/{(string)d["family"]!}:1",
                t => t["taskDefinitionArn"] = prefix + $"task-definition/{(string)t["id"]!}:1");
            var cluster = cases.Add($"a whole cluster in {partition}: the cluster label is the name in its ARN",
                CaseExpectation.Target().Label("cluster", $"{partition}-cluster").Label("__meta_ecs_cluster_arn", prefix + $"cluster/{partition}-cluster"),
                id => BridgeDefinition(id, MarkedEnv()),
                id =>
                {
                    var task = BridgeTask(id, id);
                    task["taskArn"] = prefix + $"task/{partition}-cluster/{id}";
                    task["clusterArn"] = prefix + $"cluster/{partition}-cluster";
                    task["containerInstanceArn"] = prefix + $"container-instance/{partition}-cluster/{ContainerInstance}";
                    task.Remove("containerInstance");
                    return task;
                },
                cluster: $"{partition}-cluster",
                clusterArn: prefix + $"cluster/{partition}-cluster");
            if (partition != "aws")
            {
                // In the default partition the emulator's own ci-good of the cluster has this ARN already.
                cluster.ContainerInstances.Add(new JsonObject
                {
                    ["containerInstanceArn"] = prefix + $"container-instance/{partition}-cluster/{ContainerInstance}",
                    ["ec2InstanceId"] = Ec2InstanceId,
                });
            }
        }

        cases.Bridge("a task ARN without a slash: task_id is the whole string", CaseExpectation.Target().LabelFromCase("task_id", c => "not-an-arn-" + c.Id), MarkedEnv(),
            editTask: t => t["taskArn"] = "not-an-arn-" + (string)t["id"]!);
        cases.Bridge("a task ARN ending in a slash: an empty task_id", CaseExpectation.Target().Label("task_id", ""), MarkedEnv(),
            editTask: t => t["taskArn"] = $"arn:aws:ecs:{Region}:{Account}:task/{(string)t["id"]!}/");
        cases.Bridge("a task ARN with quotes, a newline and a JSON fragment", CaseExpectation.Target().Label("task_id", "x\"}]\ny"), MarkedEnv(),
            editTask: t => t["taskArn"] = $"arn:aws:ecs:{Region}:{Account}:task/{(string)t["id"]!}/x\"}}]\ny");
        cases.Bridge("a task's clusterArn from another partition is metadata; the cluster label is the discovered cluster",
            CaseExpectation.Target().Label("cluster", MainCluster).Label("__meta_ecs_cluster_arn", "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/elsewhere"), MarkedEnv(),
            editTask: t => t["clusterArn"] = "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/elsewhere");
    }
}
