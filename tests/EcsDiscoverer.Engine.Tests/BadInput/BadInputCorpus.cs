using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// The bad-input corpus: every setting of the rules with malformed, empty, huge, non-ASCII and hostile values, task
/// definitions and tasks with missing, null or unexpected fields, and the ARN formats, as one emulator scenario.
/// </summary>
/// <remarks>
/// For other tests (e.g. a real Prometheus reading the output): <see cref="Scenario"/> is the emulator scenario,
/// <see cref="WriteScenario"/> writes it to a file, and <see cref="WriteFileSdAsync"/> runs emulator, engine and
/// renderer and writes the five file_sd files to a directory.
/// </remarks>
internal static partial class BadInputCorpus
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";
    public const string MainCluster = "bad-input";
    public const string ContainerInstance = "ci-good";
    public const string Ec2InstanceId = "i-0000000000000good";
    public const string HostIp = "10.0.0.10";
    public const int HostPort = 32768;
    public const string FargateIp = "10.1.0.5";

    /// <summary>The labels of a well-formed EC2 target (R7), by their default names.</summary>
    public static readonly string[] FullLabels =
    {
        "instance", "job", "metrics_path", "__metrics_path__", "cluster", "task_version", "task_id", "container_id", "instance_id",
        "__meta_ecs_cluster_arn", "__meta_ecs_task_arn", "__meta_ecs_task_definition_arn", "__meta_ecs_container_name",
        "__meta_ecs_container_image", "__meta_ecs_launch_type", "__meta_ecs_network_mode", "__meta_ecs_availability_zone",
        "__meta_ecs_service", "__meta_ecs_health_status", "__meta_ecs_ec2_instance_id", "__meta_ecs_convention",
        "__meta_ecs_cluster", "__meta_ecs_task_definition", "__meta_ecs_task_group", "__meta_ecs_region", "__meta_ecs_account_id", "__meta_ecs_ip_address",
        "__meta_ecs_subnet_id", "__meta_ecs_desired_status", "__meta_ecs_last_status", "__meta_ecs_platform_family",
        "__meta_ecs_platform_version", "__meta_ecs_container_instance_arn", "__meta_ecs_ec2_instance_private_ip",
        "__meta_ecs_ec2_instance_type", "__meta_ecs_ec2_instance_public_ip", "__meta_ecs_public_ip",
    };

    /// <summary>The labels R8 leaves with <c>PROMETHEUS_NOLABELS=true</c>.</summary>
    // R8: the minimal visible labels, and the cluster ARN as metadata so that R10 can attribute the group.
    public static readonly string[] MinimalLabels = { "instance", "job", "metrics_path", "__metrics_path__", "__meta_ecs_cluster_arn" };

    private static readonly Lazy<List<CorpusCase>> AllCases = new(Build);

    /// <summary>Every case, in category order.</summary>
    public static IReadOnlyList<CorpusCase> Cases => AllCases.Value;

    /// <summary>The whole corpus as emulator scenario JSON.</summary>
    public static string Scenario => ScenarioJson(Cases);

    /// <summary>
    /// Writes the corpus scenario, for the emulator's <c>--scenario</c> or <c>PUT /_emulator/scenario</c>. Lone surrogates
    /// stay as <see cref="HostileText.LoneSurrogateToken"/> text: only <see cref="CorpusRun"/>'s client turns them into
    /// <c>\ud800</c> (see <see cref="LoneSurrogateInjector"/>); served as they are, those cases are plain ASCII text.
    /// </summary>
    public static void WriteScenario(string path) => File.WriteAllText(path, Scenario, new UTF8Encoding(false));

    /// <summary>
    /// Discovers the corpus (emulator, engine, renderer) and writes the five file_sd files into
    /// <paramref name="directory"/>, as Export-EcsFileSd would. Returns the run, with the group count of each file.
    /// </summary>
    public static async Task<CorpusRun> WriteFileSdAsync(string directory)
    {
        var run = await CorpusRun.RunAsync(Cases).ConfigureAwait(false);
        Directory.CreateDirectory(directory);
        foreach (var file in run.Files)
        {
            AtomicFileWriter.Write(Path.Combine(directory, file.FileName), file.Content);
        }

        return run;
    }

    /// <summary>The scenario JSON of some cases: the shared container instance and EC2 host, and each case's objects.</summary>
    public static string ScenarioJson(IEnumerable<CorpusCase> cases)
    {
        var list = cases.ToList();
        var instances = new JsonArray(new JsonObject
        {
            ["instanceId"] = Ec2InstanceId, ["privateIpAddress"] = HostIp, ["availabilityZone"] = "us-east-1a",
        });
        foreach (var instance in list.SelectMany(c => c.Ec2Instances))
        {
            instances.Add(instance.DeepClone());
        }

        var clusters = new JsonArray();
        foreach (var cluster in list.GroupBy(c => c.Cluster, StringComparer.Ordinal).OrderBy(g => g.Key == MainCluster ? 0 : 1))
        {
            var containerInstances = new JsonArray(new JsonObject { ["id"] = ContainerInstance, ["ec2InstanceId"] = Ec2InstanceId });
            foreach (var containerInstance in cluster.SelectMany(c => c.ContainerInstances))
            {
                containerInstances.Add(containerInstance.DeepClone());
            }

            var entry = new JsonObject
            {
                ["name"] = cluster.Key,
                ["containerInstances"] = containerInstances,
                ["tasks"] = new JsonArray(cluster.Select(c => (JsonNode)c.Task.DeepClone()).ToArray()),
            };
            if (cluster.Select(c => c.ClusterArn).FirstOrDefault(a => a is not null) is { } arn)
            {
                entry["clusterArn"] = arn;
            }

            clusters.Add(entry);
        }

        var root = new JsonObject
        {
            ["description"] = "EcsDiscoverer bad-input corpus (test double data): see tests/EcsDiscoverer.Engine.Tests/BadInput.",
            ["region"] = Region,
            ["instances"] = instances,
            ["taskDefinitions"] = new JsonArray(list.Where(c => c.TaskDefinition is not null).Select(c => (JsonNode)c.TaskDefinition!.DeepClone()).ToArray()),
            ["clusters"] = clusters,
        };
        return root.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static List<CorpusCase> Build()
    {
        var cases = new List<CorpusCase>();
        AddMarker(new CategoryBuilder("marker", cases));
        AddPort(new CategoryBuilder("port", cases));
        AddContainerPort(new CategoryBuilder("container-port", cases));
        AddEndpoint(new CategoryBuilder("endpoint", cases));
        AddNoLabels(new CategoryBuilder("nolabels", cases));
        AddLabelNames(new CategoryBuilder("label-name", cases));
        AddLabelValues(new CategoryBuilder("label-value", cases));
        AddOverrides(new CategoryBuilder("override", cases));
        AddTaskDefinitionShapes(new CategoryBuilder("task-definition", cases));
        AddTaskShapes(new CategoryBuilder("task", cases));
        AddAddresses(new CategoryBuilder("address", cases));
        AddWrongTypes(new CategoryBuilder("wrong-type", cases));
        AddArns(new CategoryBuilder("arn", cases));
        return cases;
    }
}
