using System;
using EcsDiscoverer.Engine.Discovery;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Scopes;

/// <summary>R10 with R17: a failure keeps the groups of its own account and region only.</summary>
public class ClusterFailureScopeTests
{
    private const string ProdA = "arn:aws:ecs:eu-west-1:111111111111:cluster/prod";
    private const string ProdB = "arn:aws:ecs:eu-west-1:222222222222:cluster/prod";
    private const string ProdAUs = "arn:aws:ecs:us-east-1:111111111111:cluster/prod";

    public static TheoryData<string, Func<ClusterFailure>, string, bool> Cases => new()
    {
        { "a named cluster of the run's one scope covers the name anywhere", () => new ClusterFailure("prod", new InvalidOperationException()), ProdB, true },
        { "a named cluster covers a plain name", () => new ClusterFailure("prod", new InvalidOperationException()), "prod", true },
        { "another name is not covered", () => new ClusterFailure("prod", new InvalidOperationException()), "arn:aws:ecs:eu-west-1:111111111111:cluster/web", false },
        { "a failed ARN covers itself", () => new ClusterFailure(ProdA, new InvalidOperationException()), ProdA, true },
        { "a failed ARN does not cover the same name in another account", () => new ClusterFailure(ProdA, new InvalidOperationException()), ProdB, false },
        { "a failed ARN does not cover the same name in another region", () => new ClusterFailure(ProdA, new InvalidOperationException()), ProdAUs, false },
        { "a scope's named cluster covers its account-region", () => new ClusterFailure("prod", new InvalidOperationException()).InScope("eu-west-1", "111111111111", "a"), ProdA, true },
        { "a scope's named cluster leaves the other account", () => new ClusterFailure("prod", new InvalidOperationException()).InScope("eu-west-1", "111111111111", "a"), ProdB, false },
        { "a scope's named cluster leaves the other region", () => new ClusterFailure("prod", new InvalidOperationException()).InScope("eu-west-1", "111111111111", "a"), ProdAUs, false },
        { "a whole scope covers every cluster of its account-region", () => new ClusterFailure("*", new InvalidOperationException()).InScope("eu-west-1", "111111111111", "a"), "arn:aws:ecs:eu-west-1:111111111111:cluster/anything", true },
        { "a whole scope leaves the other accounts", () => new ClusterFailure("*", new InvalidOperationException()).InScope("eu-west-1", "111111111111", "a"), ProdB, false },
        { "a whole scope of unknown account covers its region", () => new ClusterFailure("*", new InvalidOperationException()).InScope("eu-west-1", null, "a"), ProdB, true },
        { "a whole scope of unknown account leaves the other regions", () => new ClusterFailure("*", new InvalidOperationException()).InScope("eu-west-1", null, "a"), ProdAUs, false },
        { "a wildcard in a scope matches by name in its account-region", () => new ClusterFailure("pro*", new InvalidOperationException()).InScope("us-east-1", "111111111111", "a"), ProdAUs, true },
    };

    [Theory(DisplayName = "R10/R17: which clusters a failure keeps")]
    [MemberData(nameof(Cases))]
    public void Covers(string why, Func<ClusterFailure> failure, string cluster, bool covered) =>
        Assert.True(failure().Covers(cluster) == covered, why);
}
