using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>The fields of an ECS task definition that discovery reads. Immutable once registered.</summary>
internal sealed class EcsTaskDefinition
{
    /// <summary>The full ARN, including the revision.</summary>
    public string? TaskDefinitionArn { get; set; }

    /// <summary>The family: the scrape job name.</summary>
    public string? Family { get; set; }

    /// <summary>The revision number.</summary>
    public int Revision { get; set; }

    /// <summary><c>bridge</c>, <c>host</c>, <c>awsvpc</c>, <c>none</c>, or null (ECS treats null as bridge).</summary>
    public string? NetworkMode { get; set; }

    /// <summary>The container definitions.</summary>
    public List<EcsContainerDefinition>? ContainerDefinitions { get; set; }

    /// <summary>
    /// The task definition's tags (R16). ECS returns them beside <c>taskDefinition</c>, not in it (DescribeTaskDefinition
    /// with <c>include: ["TAGS"]</c>); the client attaches them here. Unlike the rest, they can change after registering.
    /// </summary>
    public List<EcsTag>? Tags { get; set; }
}
