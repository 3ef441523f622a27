using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EcsDiscoverer.Engine;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Hosting;

namespace EcsDiscoverer.Completion;

/// <summary>
/// Completes -Cluster with the names ListClusters returns for the region, endpoint and credentials already typed
/// (-Region, -ProfileName, -ProfileLocation, -AccessKey/-SecretKey/-SessionToken, -Credential, -EndpointUrl, and the
/// session defaults). One call, no retries, cut off after <see cref="TimeLimit"/> and kept for a minute: at the prompt
/// it never hangs, and it is quiet and empty when AWS cannot be reached or there are no credentials.
/// </summary>
public sealed class ClusterCompleter : IArgumentCompleter
{
    /// <summary>The longest a completion waits for ListClusters.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(700);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var options = new AwsConnectionOptions
            {
                Region = CompletionValues.Bound(fakeBoundParameters, "Region"),
                StoredRegion = SessionDefaults.RegionName(CompletionSession.Variable(SessionDefaults.RegionVariable)),
                ProfileName = CompletionValues.Bound(fakeBoundParameters, "ProfileName"),
                ProfileLocation = CompletionSession.ResolvePath(CompletionValues.Bound(fakeBoundParameters, "ProfileLocation")),
                AccessKey = CompletionValues.Bound(fakeBoundParameters, "AccessKey"),
                SecretKey = CompletionValues.Bound(fakeBoundParameters, "SecretKey"),
                SessionToken = CompletionValues.Bound(fakeBoundParameters, "SessionToken"),
                EndpointUrl = CompletionValues.Bound(fakeBoundParameters, "EndpointUrl"),
            };
            SessionDefaults.ApplyCredentials(
                options, CompletionValues.BoundObject(fakeBoundParameters, "Credential"), CompletionSession.Variable(SessionDefaults.CredentialsVariable));
            return CompletionValues.Matching(wordToComplete, DiscoveryHost.ListClusterNamesForCompletion(options, TimeLimit)).ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bad region name, an unreadable credentials object: no completions, and no error at the prompt.
            return Array.Empty<CompletionResult>();
        }
    }
}
