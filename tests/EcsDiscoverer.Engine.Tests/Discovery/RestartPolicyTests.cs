using System.Collections.Generic;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rules;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Discovery;

/// <summary>Which tasks the task cache may keep although a container can be restarted in place (restartPolicy).</summary>
public class RestartPolicyTests
{
    public static TheoryData<string?, bool?, string, bool> Cases() => new()
    {
        // network mode, restartPolicy.enabled of "app", the container that is a target, described every round?
        { "bridge", true, "app", true },
        { null, true, "app", true },              // no mode is bridge
        { "none", true, "app", true },            // treated as bridge by R4
        { "bridge", false, "app", false },
        { "bridge", null, "app", false },         // no policy
        { "bridge", true, "sidecar", false },     // the restartable container is not the scraped one
        { "host", true, "app", false },           // host ports are fixed
        { "awsvpc", true, "app", false },         // the ENI address and container port are fixed
    };

    [Theory(DisplayName = "Caches: a task is described every round only where a restart in place can move a scraped port")]
    [MemberData(nameof(Cases))]
    public void CanMovePortsInPlace(string? networkMode, bool? enabled, string targetContainer, bool expected)
    {
        var definition = new EcsTaskDefinition
        {
            NetworkMode = networkMode,
            ContainerDefinitions = new List<EcsContainerDefinition>
            {
                new() { Name = "app", RestartPolicy = enabled is null ? null : new EcsRestartPolicy { Enabled = enabled } },
                new() { Name = "sidecar" },
            },
        };
        var evaluation = new TaskEvaluation();
        evaluation.Targets.Add(new ScrapeTarget { ContainerName = targetContainer });
        Assert.Equal(expected, ClusterDiscovery.CanMovePortsInPlace(definition, evaluation));
    }
}
