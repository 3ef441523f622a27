using System;
using System.Linq;
using System.Text.Json.Nodes;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Rules;
using static EcsDiscoverer.Engine.Tests.BadInput.CaseShapes;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>Task definitions and tasks with missing, null, unexpected or wrongly-typed fields, and hosts without an address.</summary>
internal static partial class BadInputCorpus
{
    private static JsonObject App(JsonObject definition) => (JsonObject)definition["containerDefinitions"]![0]!;

    private static JsonObject Runtime(JsonObject task) => (JsonObject)task["containers"]![0]!;

    private static void AddTaskDefinitionShapes(CategoryBuilder cases)
    {
        // A registered definition always has containers: one answered without any is unusable, not "unmarked". Its
        // tasks are skipped (not its cluster), and it is not cached, so the next round asks again.
        var unavailable = CaseExpectation.Skip(SkipReason.TaskDefinitionUnavailable);
        cases.Bridge("containerDefinitions missing: task-definition-unavailable", unavailable, MarkedEnv(), d => d.Remove("containerDefinitions"));
        cases.Bridge("containerDefinitions null: task-definition-unavailable", unavailable, MarkedEnv(), d => d["containerDefinitions"] = null);
        cases.Bridge("containerDefinitions []: task-definition-unavailable", unavailable, MarkedEnv(), d => d["containerDefinitions"] = new JsonArray());
        cases.Bridge("containerDefinitions [null]", CaseExpectation.Unmarked(), MarkedEnv(), d => d["containerDefinitions"] = new JsonArray((JsonNode?)null));
        cases.Bridge("a container definition without a name matches no running container: no-runtime-container",
            CaseExpectation.Skip(SkipReason.NoRuntimeContainer), MarkedEnv(), d => App(d).Remove("name"));
        cases.Bridge("environment null: not marked", CaseExpectation.Unmarked(), MarkedEnv(), d => App(d)["environment"] = null);
        cases.Bridge("environment []: not marked", CaseExpectation.Unmarked(), Env());
        cases.Bridge("environment with null and empty entries around the marker", CaseExpectation.Target(), MarkedEnv(),
            d => App(d)["environment"] = new JsonArray(null, new JsonObject(), new JsonObject { ["name"] = null, ["value"] = "x" }, new JsonObject { ["name"] = "PROMETHEUS", ["value"] = "true" }));
        cases.Bridge("a marker without a name is no marker", CaseExpectation.Unmarked(), MarkedEnv(), d => App(d)["environment"] = new JsonArray(new JsonObject { ["value"] = "true" }));
        cases.Bridge("networkMode missing is bridge", CaseExpectation.Target(), MarkedEnv(), d => d.Remove("networkMode"));
        cases.Bridge("networkMode null is bridge", CaseExpectation.Target(), MarkedEnv(), d => d["networkMode"] = null);
        cases.Bridge("networkMode '' is bridge", CaseExpectation.Target(), MarkedEnv(), d => d["networkMode"] = "");
        cases.Bridge("an unknown networkMode counts as bridge", CaseExpectation.Target().Label("__meta_ecs_network_mode", HostileText.JsonFragment), MarkedEnv(), d => d["networkMode"] = HostileText.JsonFragment);
        cases.Bridge("networkMode none reads the bindings like bridge", CaseExpectation.Target(), MarkedEnv(), d => d["networkMode"] = "none");
        cases.Bridge("networkMode HOST in capitals is host: the port mapping's container port", CaseExpectation.Target(8080), MarkedEnv(), d => d["networkMode"] = "HOST");

        void Host(string description, CaseExpectation expected, JsonNode? portMappings, bool remove = false) =>
            cases.Bridge(description, expected, MarkedEnv(), d =>
            {
                d["networkMode"] = "host";
                if (remove)
                {
                    App(d).Remove("portMappings");
                }
                else
                {
                    App(d)["portMappings"] = portMappings;
                }
            });

        Host("R4.2: host mode without portMappings scrapes port 80", CaseExpectation.Target(80), null, remove: true);
        Host("R4.2: host mode, portMappings null: port 80", CaseExpectation.Target(80), null);
        Host("R4.2: host mode, portMappings []: port 80", CaseExpectation.Target(80), new JsonArray());
        Host("R4.2: host mode, portMappings [null, 9100]: the first real mapping", CaseExpectation.Target(9100), new JsonArray(null, new JsonObject { ["containerPort"] = 9100 }));
        Host("R4.2: host mode, portMappings [{}]: no usable port", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray(new JsonObject()));
        Host("R4.2: host mode, hostPort 0: the container port", CaseExpectation.Target(9100), new JsonArray(new JsonObject { ["containerPort"] = 9100, ["hostPort"] = 0 }));
        Host("R4.2: host mode, hostPort -1: the container port", CaseExpectation.Target(9100), new JsonArray(new JsonObject { ["containerPort"] = 9100, ["hostPort"] = -1 }));
        Host("R4.2: host mode, hostPort 70000: no usable port", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray(new JsonObject { ["containerPort"] = 9100, ["hostPort"] = 70000 }));
        Host("R4.2: host mode, containerPort 70000: no usable port", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray(new JsonObject { ["containerPort"] = 70000 }));
        Host("R4.2: host mode, containerPort 0: no usable port", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray(new JsonObject { ["containerPort"] = 0 }));
        Host("R4.2: host mode, a port given as a numeric string is read", CaseExpectation.Target(9100), new JsonArray(new JsonObject { ["containerPort"] = "9100" }));

        cases.Bridge("R7: revision 2147483647 is the task_version", CaseExpectation.Target().Label("task_version", "2147483647"), MarkedEnv(),
            d => d["revision"] = int.MaxValue, t => t["taskDefinition"] = (string)t["id"]! + ":2147483647");
        cases.Bridge("R7: a family with quotes, a newline and a JSON fragment is the job label", CaseExpectation.Target().Label("job", "fam\"}]\n"), MarkedEnv(),
            d => d["family"] = "fam\"}]\n", t => t["taskDefinitionArn"] = $"arn:aws:ecs:{Region}:{Account}:task-definition/fam\"}}]\n:1");
        cases.Bridge("R7: a 64 KiB family is the job label", CaseExpectation.Target().Label("job", HostileText.Huge('f')), MarkedEnv(),
            d => d["family"] = HostileText.Huge('f'), t => t["taskDefinitionArn"] = $"arn:aws:ecs:{Region}:{Account}:task-definition/{HostileText.Huge('f')}:1");
        cases.Bridge("R7: an empty family gives an empty job label (Prometheus then uses the job name)", CaseExpectation.Target().Label("job", ""), MarkedEnv(),
            d => d["family"] = "", t => t["taskDefinitionArn"] = $"arn:aws:ecs:{Region}:{Account}:task-definition/:1");
        cases.Bridge("unknown fields at every level are ignored", CaseExpectation.Target().LabelNames(FullLabels), MarkedEnv(), d =>
        {
            d["unknownObject"] = new JsonObject { ["__address__"] = "6.6.6.6:666", ["nested"] = new JsonArray(1, "two", null, new JsonObject()) };
            d["unknownNull"] = null;
            d["cpu"] = "256";
            App(d)["unknown"] = new JsonArray(new JsonArray(new JsonArray()));
            ((JsonObject)App(d)["environment"]![0]!)["extra"] = true;
            ((JsonObject)App(d)["portMappings"]![0]!)["appProtocol"] = HostileText.GroupInjection;
        });
        cases.Bridge("dockerLabels are not read, even hostile ones", CaseExpectation.Target().LabelNames(FullLabels), MarkedEnv(), d => App(d)["dockerLabels"] = new JsonObject
        {
            ["__address__"] = "6.6.6.6:666",
            ["PROMETHEUS_LABEL___scheme__"] = "https",
            ["job"] = HostileText.JsonFragment,
        });
        cases.Add("the task's definition does not exist: task-definition-unavailable", CaseExpectation.Skip(SkipReason.TaskDefinitionUnavailable),
            _ => null, id => BridgeTask(id, "no-such-family"));
        cases.Bridge("the task names no task definition: task-definition-unavailable", CaseExpectation.Skip(SkipReason.TaskDefinitionUnavailable), MarkedEnv(),
            editTask: t => t.Remove("taskDefinition"));
        cases.Bridge("a lone surrogate in the image: the definition is unreadable", Unreadable, MarkedEnv(), d => App(d)["image"] = "img" + HostileText.LoneSurrogateToken);
    }

    private static void AddTaskShapes(CategoryBuilder cases)
    {
        var noContainer = CaseExpectation.Skip(SkipReason.NoRuntimeContainer);
        cases.Bridge("containers missing: no-runtime-container", noContainer, MarkedEnv(), editTask: t => t.Remove("containers"));
        cases.Bridge("containers null", CaseExpectation.Skip(SkipReason.NoRuntimeContainer), MarkedEnv(), editTask: t => t["containers"] = null);
        cases.Bridge("containers []", CaseExpectation.Skip(SkipReason.NoRuntimeContainer), MarkedEnv(), editTask: t => t["containers"] = new JsonArray());
        cases.Bridge("containers [null]", CaseExpectation.Skip(SkipReason.NoRuntimeContainer), MarkedEnv(), editTask: t => t["containers"] = new JsonArray((JsonNode?)null));
        cases.Bridge("a running container without a name", CaseExpectation.Skip(SkipReason.NoRuntimeContainer), MarkedEnv(), editTask: t => Runtime(t).Remove("name"));
        cases.Bridge("a running container named 'App' is not 'app'", CaseExpectation.Skip(SkipReason.NoRuntimeContainer), MarkedEnv(), editTask: t => Runtime(t)["name"] = "App");

        void Bindings(string description, CaseExpectation expected, JsonNode? bindings, bool remove = false) =>
            cases.Bridge(description, expected, MarkedEnv(), editTask: t =>
            {
                if (remove)
                {
                    Runtime(t).Remove("networkBindings");
                }
                else
                {
                    Runtime(t)["networkBindings"] = bindings;
                }
            });

        var noBinding = CaseExpectation.Skip(SkipReason.NoNetworkBinding);
        Bindings("R4.4: networkBindings missing: no-network-binding", noBinding, null, remove: true);
        Bindings("R4.4: networkBindings null", CaseExpectation.Skip(SkipReason.NoNetworkBinding), null);
        Bindings("R4.4: networkBindings []", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray());
        Bindings("R4.4: networkBindings [null]", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray((JsonNode?)null));
        Bindings("R4.4: networkBindings [{}]", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray(new JsonObject()));
        foreach (var port in new[] { 0, -1, 70000, 65536 })
        {
            Bindings($"R4.4: hostPort {port} is never a target", CaseExpectation.Skip(SkipReason.NoNetworkBinding), new JsonArray(Binding(8080, port)));
        }

        Bindings("R4.4: hostPort given as a numeric string is read", CaseExpectation.Target(), new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = "32768" }));
        Bindings("R4.4: only an IPv6 binding: its port", CaseExpectation.Target(), new JsonArray(Binding(8080, HostPort, "::")));
        Bindings("R4.4: a garbage bindIP loses to the IPv4 binding of the same port", CaseExpectation.Target(32769), new JsonArray(Binding(8080, HostPort, "not-an-ip\"}]"), Binding(8080, 32769)));
        Bindings("R4.4: a binding without bindIP counts as IPv4", CaseExpectation.Target(), new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = HostPort }));

        foreach (var status in new JsonNode?[] { null, "running", "PROVISIONING", "PENDING", "ACTIVATING", "", HostileText.JsonFragment })
        {
            cases.Bridge($"R1: lastStatus {(status is null ? "null" : "'" + (string)status! + "'")} is not RUNNING: not-running", CaseExpectation.Skip(SkipReason.NotRunning), MarkedEnv(),
                editTask: t => t["lastStatus"] = status?.DeepClone());
        }

        cases.Bridge("R1: a PROVISIONING task without container instance, containers or bindings", CaseExpectation.Skip(SkipReason.NotRunning), MarkedEnv(), editTask: t =>
        {
            t["lastStatus"] = "PROVISIONING";
            t.Remove("containerInstance");
            t.Remove("containers");
        });
        cases.Bridge("R7: an unknown launchType is not EC2: no container_id or instance_id",
            CaseExpectation.Target().LabelNames(FullLabels.Where(l => l is not ("container_id" or "instance_id")).ToArray()).Label("__meta_ecs_launch_type", HostileText.JsonFragment),
            MarkedEnv(), editTask: t => t["launchType"] = HostileText.JsonFragment);
        cases.Bridge("R7: no launchType but a container instance counts as EC2 (capacity providers)", CaseExpectation.Target().LabelNames(FullLabels), MarkedEnv(), editTask: t => t.Remove("launchType"));
        cases.Bridge("R7: a hostile service group is the __meta_ecs_service value", CaseExpectation.Target().Label("__meta_ecs_service", "\"}]\n" + HostileText.Emoji), MarkedEnv(),
            editTask: t => t["group"] = "service:\"}]\n" + HostileText.Emoji);
        cases.Bridge("R7: hostile health status and a 64 KiB availability zone are label values",
            CaseExpectation.Target().Label("__meta_ecs_health_status", HostileText.Newlines).Label("__meta_ecs_availability_zone", HostileText.Huge('a')), MarkedEnv(),
            editTask: t =>
            {
                t["healthStatus"] = HostileText.Newlines;
                t["availabilityZone"] = HostileText.Huge('a');
            });
        cases.Bridge("R7: a hostile image is the __meta_ecs_container_image value", CaseExpectation.Target().Label("__meta_ecs_container_image", HostileText.GroupInjection), MarkedEnv(),
            editTask: t => Runtime(t)["image"] = HostileText.GroupInjection);
        cases.Bridge("R7: an empty containerArn gives no container_id", CaseExpectation.Target().NoLabel("container_id").Label("instance_id", Ec2InstanceId), MarkedEnv(),
            editTask: t => Runtime(t)["containerArn"] = "");
        cases.Bridge("unknown fields at every level of the task are ignored", CaseExpectation.Target().LabelNames(FullLabels), MarkedEnv(), editTask: t =>
        {
            t["unknown"] = new JsonObject { ["__address__"] = "6.6.6.6:666" };
            Runtime(t)["unknown"] = null;
            ((JsonObject)Runtime(t)["networkBindings"]![0]!)["protocol"] = HostileText.JsonFragment;
        });
        cases.Bridge("R16: a tag named __scheme__ is metadata only, never the scheme",
            CaseExpectation.Target().Label("__meta_ecs_tag_task___scheme__", "https").Label("__meta_ecs_tag___scheme__", "https").NoLabel("__scheme__"), MarkedEnv(),
            editTask: t => t["tags"] = new JsonArray(new JsonObject { ["key"] = "__scheme__", ["value"] = "https" }));
    }

    private static void AddAddresses(CategoryBuilder cases)
    {
        var noAddress = CaseExpectation.Skip(SkipReason.NoAddress);
        cases.Bridge("R5: an EC2 task without a container instance: no-address", noAddress, MarkedEnv(), editTask: t => t.Remove("containerInstance"));
        cases.Bridge("R5: a container instance ECS does not know: no-address", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(), editTask: t => t["containerInstance"] = "ci-unknown");

        CorpusCase OwnHost(string description, CaseExpectation expected, JsonObject? ec2Instance, bool withEc2Id = true)
        {
            var added = cases.Bridge(description, expected, MarkedEnv(), editTask: t => t["containerInstance"] = "ci-" + (string)t["id"]!);
            var instanceId = "i-" + added.Id;
            var containerInstance = new JsonObject { ["id"] = "ci-" + added.Id };
            if (withEc2Id)
            {
                containerInstance["ec2InstanceId"] = instanceId;
            }

            added.ContainerInstances.Add(containerInstance);
            if (ec2Instance is not null)
            {
                ec2Instance["instanceId"] = instanceId;
                added.Ec2Instances.Add(ec2Instance);
            }

            return added;
        }

        OwnHost("R5: a container instance without an EC2 instance id: no-address", CaseExpectation.Skip(SkipReason.NoAddress), null, withEc2Id: false);
        OwnHost("R5: an EC2 instance that no longer exists: no-address", CaseExpectation.Skip(SkipReason.NoAddress), null);
        OwnHost("R5: an EC2 instance without a private IP: no-address", CaseExpectation.Skip(SkipReason.NoAddress), new JsonObject());
        foreach (var ip in new[] { "999.1.1.1", "10.0.0.1:80", "::1", "fe80::1", "1.2.3", "4294967295", "\"}]", "10.0.0.1/24", "http://10.0.0.1/" })
        {
            OwnHost($"R5: the private IP '{ip}' is not an IPv4 address: no-address", CaseExpectation.Skip(SkipReason.NoAddress), new JsonObject { ["privateIpAddress"] = ip });
        }

        OwnHost("R5: a private IP with surrounding spaces is trimmed", CaseExpectation.Target(HostPort, "10.0.0.77"), new JsonObject { ["privateIpAddress"] = " 10.0.0.77 " });

        var fargate = CaseExpectation.Target(8080, FargateIp);
        cases.Fargate("R5: awsvpc, ENI attachment only", fargate, MarkedEnv());
        cases.Fargate("R5: awsvpc, no interfaces and no attachments: no-address", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(), editTask: t => t.Remove("attachments"));
        cases.Fargate("R5: awsvpc, attachments null", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(), editTask: t => t["attachments"] = null);
        cases.Fargate("R5: awsvpc, attachments [null, {}]", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(), editTask: t => t["attachments"] = new JsonArray(null, new JsonObject()));
        cases.Fargate("R5: awsvpc, attachment details null", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(),
            editTask: t => t["attachments"] = new JsonArray(new JsonObject { ["type"] = "ElasticNetworkInterface", ["details"] = null }));
        cases.Fargate("R5: awsvpc, attachment address 'nope': no-address", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(),
            editTask: t => t["attachments"] = new JsonArray(EniAttachment("nope")));
        cases.Fargate("R5: awsvpc, an attachment of another type is not the ENI", CaseExpectation.Skip(SkipReason.NoAddress), MarkedEnv(), editTask: t =>
        {
            var attachment = EniAttachment(FargateIp);
            attachment["type"] = "ServiceConnect";
            t["attachments"] = new JsonArray(attachment);
        });
        cases.Fargate("R5: awsvpc, an attachment without a type, detail name in other case", CaseExpectation.Target(8080, FargateIp), MarkedEnv(), editTask: t => t["attachments"] = new JsonArray(new JsonObject
        {
            ["details"] = new JsonArray(null, new JsonObject { ["name"] = "PRIVATEIPV4ADDRESS", ["value"] = FargateIp }),
        }));
        cases.Fargate("R5: awsvpc, networkInterfaces [null, {}] fall back to the attachment", CaseExpectation.Target(8080, FargateIp), MarkedEnv(),
            editTask: t => Runtime(t)["networkInterfaces"] = new JsonArray(null, new JsonObject()));
        cases.Fargate("R5: awsvpc, a garbage interface address falls back to the attachment", CaseExpectation.Target(8080, FargateIp), MarkedEnv(),
            editTask: t => Runtime(t)["networkInterfaces"] = new JsonArray(new JsonObject { ["privateIpv4Address"] = "10.1.0.999" }));
        cases.Fargate("R5: awsvpc, the interface address comes first", CaseExpectation.Target(8080, "10.1.0.6"), MarkedEnv(),
            editTask: t => Runtime(t)["networkInterfaces"] = new JsonArray(new JsonObject { ["privateIpv4Address"] = "10.1.0.6" }));
    }

    private static void AddWrongTypes(CategoryBuilder cases)
    {
        // A task definition that does not follow the API model cannot be read: its tasks are skipped with a reason.
        void Definition(string description, Action<JsonObject> edit) =>
            cases.Bridge($"wrong type in the task definition, {description}: task-definition-unavailable", CaseExpectation.Skip(SkipReason.TaskDefinitionUnavailable), MarkedEnv(), edit);

        Definition("containerDefinitions is an object", d => d["containerDefinitions"] = new JsonObject { ["name"] = "app" });
        Definition("containerDefinitions is a string", d => d["containerDefinitions"] = "app");
        Definition("environment is an object", d => App(d)["environment"] = new JsonObject { ["PROMETHEUS"] = "true" });
        Definition("an environment value is a number", d => App(d)["environment"] = new JsonArray(new JsonObject { ["name"] = "PROMETHEUS", ["value"] = 1 }));
        Definition("an environment value is true", d => App(d)["environment"] = new JsonArray(new JsonObject { ["name"] = "PROMETHEUS", ["value"] = true }));
        Definition("an environment name is a number", d => App(d)["environment"] = new JsonArray(new JsonObject { ["name"] = 7, ["value"] = "true" }));
        Definition("portMappings is a string", d => App(d)["portMappings"] = "8080:8080");
        Definition("containerPort is 'abc'", d => App(d)["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = "abc" }));
        Definition("containerPort is 1.5", d => App(d)["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 1.5 }));
        Definition("networkMode is a number", d => d["networkMode"] = 5);
        Definition("revision beyond Int32", d => d["revision"] = 2147483648L);

        // A task that does not follow the API model fails its whole DescribeTasks call: the cluster is reported as
        // failed with the JSON path, keeps its last good targets in the loop, and the other clusters go on.
        void Task(string description, Action<JsonObject> edit) =>
            cases.Bridge($"wrong type in the task, {description}: its cluster fails alone",
                CaseExpectation.ClusterFails(AwsErrorClassifier.UnexpectedResponse).FailureMentions("$.tasks[0]"), MarkedEnv(), editTask: edit, cluster: "malformed-{id}");

        Task("hostPort is 'abc'", t => Runtime(t)["networkBindings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = "abc" }));
        Task("hostPort is 1e10", t => Runtime(t)["networkBindings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = 1e10 }));
        Task("containers is an object", t => t["containers"] = new JsonObject { ["name"] = "app" });
        Task("networkBindings is a string", t => Runtime(t)["networkBindings"] = "0.0.0.0:32768->8080");
        Task("lastStatus is a number", t => t["lastStatus"] = 5);
        Task("bindIP is a number", t => Runtime(t)["networkBindings"] = new JsonArray(new JsonObject { ["bindIP"] = 0, ["containerPort"] = 8080, ["hostPort"] = HostPort }));
        Task("overrides is an array", t => t["overrides"] = new JsonArray());
        Task("attachment details is a string", t => t["attachments"] = new JsonArray(new JsonObject { ["details"] = "10.0.0.1" }));
    }
}
