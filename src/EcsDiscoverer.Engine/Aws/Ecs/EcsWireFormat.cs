using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcsDiscoverer.Engine.Aws.Ecs.Model;

namespace EcsDiscoverer.Engine.Aws.Ecs;

/// <summary>
/// Request and response bodies of the ECS JSON 1.1 protocol, and the serializer settings for them.
/// Only the fields discovery reads are modelled; unknown fields are ignored.
/// </summary>
internal static class EcsWireFormat
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    public const string ContentType = "application/x-amz-json-1.1";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    internal sealed class ListClustersRequest
    {
        public int MaxResults { get; set; } = EcsLimits.ListPageSize;
        public string? NextToken { get; set; }
    }

    internal sealed class ListClustersResponse
    {
        public List<string>? ClusterArns { get; set; }
        public string? NextToken { get; set; }
    }

    internal sealed class ListTasksRequest
    {
        public string Cluster { get; set; } = "";
        public string DesiredStatus { get; set; } = "RUNNING";
        public int MaxResults { get; set; } = EcsLimits.ListPageSize;
        public string? NextToken { get; set; }
    }

    internal sealed class ListTasksResponse
    {
        public List<string>? TaskArns { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>
    /// <c>include: ["TAGS"]</c>: DescribeTasks and DescribeTaskDefinition return the tags only when asked (R16), in the
    /// same call, so they cost nothing.
    /// </summary>
    private static readonly IReadOnlyList<string> IncludeTags = new[] { "TAGS" };

    internal sealed class DescribeTasksRequest
    {
        public string Cluster { get; set; } = "";
        public List<string> Tasks { get; set; } = new();
        public IReadOnlyList<string> Include { get; } = IncludeTags;
    }

    internal sealed class DescribeTasksResponse
    {
        public List<EcsTask>? Tasks { get; set; }
        public List<EcsFailure>? Failures { get; set; }
    }

    internal sealed class DescribeTaskDefinitionRequest
    {
        public string TaskDefinition { get; set; } = "";
        public IReadOnlyList<string> Include { get; } = IncludeTags;
    }

    internal sealed class DescribeTaskDefinitionResponse
    {
        public EcsTaskDefinition? TaskDefinition { get; set; }

        /// <summary>The definition's tags: at the top level of the response, beside <c>taskDefinition</c>.</summary>
        public List<EcsTag>? Tags { get; set; }
    }

    internal sealed class DescribeContainerInstancesRequest
    {
        public string Cluster { get; set; } = "";
        public List<string> ContainerInstances { get; set; } = new();
    }

    internal sealed class DescribeContainerInstancesResponse
    {
        public List<EcsContainerInstance>? ContainerInstances { get; set; }
        public List<EcsFailure>? Failures { get; set; }
    }

    internal sealed class ErrorResponse
    {
        [JsonPropertyName("__type")]
        public string? Type { get; set; }

        public string? Message { get; set; }
    }
}
