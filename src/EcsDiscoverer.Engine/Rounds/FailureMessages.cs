using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Rounds;

/// <summary>The one sentence about a failed cluster, naming it, that every way of reporting it uses.</summary>
internal static class FailureMessages
{
    /// <summary>"Cluster NAME could not be discovered: why. What to do."</summary>
    public static string Describe(ClusterFailure failure)
    {
        if (failure is null)
        {
            throw new System.ArgumentNullException(nameof(failure));
        }

        return failure.Error switch
        {
            ClusterSelectionException selection => selection.Message,
            AwsApiException aws => $"Cluster {failure.Name} could not be discovered: {AwsErrorAdvice.Describe(aws)}",
            _ => $"Cluster {failure.Name} could not be discovered: {failure.Error.Message}",
        };
    }
}
