using System;
using System.IO;
using System.Management.Automation;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Hosting;

/// <summary>Turns engine failures into error records with stable ids and the right categories.</summary>
internal static class ErrorRecords
{
    /// <summary>A failed AWS call; the target object is the cluster (or whatever was being read).</summary>
    public static ErrorRecord FromAws(AwsApiException error, object? target)
    {
        var (id, category) = error.Kind switch
        {
            AwsErrorKind.NotFound when error.IsClusterNotFound => ("EcsClusterNotFound", ErrorCategory.ObjectNotFound),
            AwsErrorKind.NotFound => ("EcsResourceNotFound", ErrorCategory.ObjectNotFound),
            AwsErrorKind.AccessDenied => ("EcsAccessDenied", ErrorCategory.PermissionDenied),
            AwsErrorKind.Authentication when error.ErrorCode == AwsCredentialFailure.AssumeRoleFailed => ("AwsAssumeRoleFailed", ErrorCategory.AuthenticationError),
            AwsErrorKind.Authentication when error.ErrorCode == AwsCredentialFailure.SsoLoginRequired => ("AwsSsoLoginRequired", ErrorCategory.AuthenticationError),
            AwsErrorKind.Authentication when error.ErrorCode == AwsCredentialFailure.CredentialsUnavailable => ("AwsCredentialsUnavailable", ErrorCategory.AuthenticationError),
            AwsErrorKind.Authentication => ("EcsAuthenticationFailed", ErrorCategory.AuthenticationError),
            AwsErrorKind.Throttling => ("EcsThrottled", ErrorCategory.LimitsExceeded),
            AwsErrorKind.Network => ("EcsConnectionFailed", ErrorCategory.ConnectionError),
            AwsErrorKind.ServerError => ("EcsServiceError", ErrorCategory.ResourceUnavailable),
            AwsErrorKind.InvalidRequest => ("EcsInvalidRequest", ErrorCategory.InvalidArgument),
            _ => ("EcsApiError", ErrorCategory.NotSpecified),
        };

        var advice = AwsErrorAdvice.For(error);
        var record = new ErrorRecord(error, id, category, target);
        if (advice.Length > 0)
        {
            record.ErrorDetails = new ErrorDetails(AwsErrorAdvice.Describe(error)) { RecommendedAction = advice };
        }

        return record;
    }

    /// <summary>
    /// A cluster (or a wildcard of the selection) that failed; <paramref name="message"/> names the cluster, so the
    /// error says whose it is on screen as well as in TargetObject.
    /// </summary>
    public static ErrorRecord FromClusterFailure(ClusterFailure failure, string message)
    {
        ErrorRecord record;
        string? action;
        switch (failure.Error)
        {
            case AwsApiException aws:
                record = FromAws(aws, failure.Name);
                action = record.ErrorDetails?.RecommendedAction;
                break;
            case ClusterSelectionException:
                record = new ErrorRecord(failure.Error, "EcsClusterSelectionMatchedNothing", ErrorCategory.ObjectNotFound, failure.Name);
                action = ClusterSelectionException.Advice;
                break;
            default:
                record = new ErrorRecord(failure.Error, "EcsClusterDiscoveryFailed", ErrorCategory.InvalidData, failure.Name);
                action = null;
                break;
        }

        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action ?? "" };
        return record;
    }

    /// <summary>
    /// A record whose details are <paramref name="message"/> followed by <paramref name="action"/>, which is also its
    /// RecommendedAction, so that a user who reads either finds what to do.
    /// </summary>
    public static ErrorRecord WithAction(string message, string action, string id, ErrorCategory category, object? target) =>
        new(new InvalidOperationException(message), id, category, target)
        {
            ErrorDetails = new ErrorDetails($"{message} {action}") { RecommendedAction = action },
        };

    /// <summary>AWS cannot be called at all (no region, no credentials, unknown profile).</summary>
    public static ErrorRecord FromConfiguration(AwsConfigurationException error)
    {
        var (id, category) = error.Problem switch
        {
            AwsConfigurationProblem.NoRegion => ("AwsRegionNotFound", ErrorCategory.InvalidArgument),
            AwsConfigurationProblem.NoCredentials => ("AwsCredentialsNotFound", ErrorCategory.AuthenticationError),
            AwsConfigurationProblem.ProfileNotFound => ("AwsProfileNotFound", ErrorCategory.ObjectNotFound),
            _ => ("AwsInvalidConnectionSettings", ErrorCategory.InvalidArgument),
        };
        return new ErrorRecord(error, id, category, null);
    }

    /// <summary>
    /// A file in <paramref name="directory"/> (or the directory itself) could not be written; the message says why
    /// and what to do, and that the files already there are intact (they are only ever replaced whole).
    /// </summary>
    public static ErrorRecord WriteFailed(Exception error, string path, string directory) =>
        new(error, "FileSdWriteFailed", error is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path)
        {
            ErrorDetails = new ErrorDetails($"Cannot write '{path}': {WriteFaultAdvice.Describe(error, directory)} The files already there were left as they were.")
            {
                RecommendedAction = WriteFaultAdvice.WhatToDo(error, directory),
            },
        };

    /// <summary>Whether an exception is a file-system failure worth reporting as <c>FileSdWriteFailed</c>.</summary>
    public static bool IsFileSystemError(Exception error) => error is IOException or UnauthorizedAccessException;
}
