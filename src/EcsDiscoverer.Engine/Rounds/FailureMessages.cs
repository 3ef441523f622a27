using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>The one sentence about a failed cluster, naming it, that every way of reporting it uses.</summary>
internal static class FailureMessages
{
    /// <summary>"Cluster NAME [in SCOPE] could not be discovered: why. What to do."; a whole scope that failed, "Scope SCOPE ..."</summary>
    public static string Describe(ClusterFailure failure)
    {
        if (failure is null)
        {
            throw new System.ArgumentNullException(nameof(failure));
        }

        return failure.Error switch
        {
            ClusterSelectionException selection => failure.ScopeName is null ? selection.Message : $"{failure.ScopeName}: {selection.Message}",
            AwsApiException aws => $"{failure.Subject} could not be discovered: {AwsErrorAdvice.Describe(aws)}",
            _ => $"{failure.Subject} could not be discovered: {failure.Error.Message}",
        };
    }
}
