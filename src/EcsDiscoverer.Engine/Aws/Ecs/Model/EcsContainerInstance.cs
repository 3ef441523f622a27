namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>An ECS container instance: the host of EC2 and EXTERNAL tasks.</summary>
internal sealed class EcsContainerInstance
{
    /// <summary>The container instance ARN.</summary>
    public string? ContainerInstanceArn { get; set; }

    /// <summary>The EC2 instance behind it; absent for EXTERNAL (managed) instances.</summary>
    public string? Ec2InstanceId { get; set; }
}
