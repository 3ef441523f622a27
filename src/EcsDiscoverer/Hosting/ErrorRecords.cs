using System;
using System.IO;
using System.Management.Automation;
using EcsDiscoverer.Engine.Aws;
using EcsDiscoverer.Engine.Aws.Connection;

namespace EcsDiscoverer.Hosting;

/// <summary>Turns engine failures into error records with stable ids and the right categories.</summary>
internal static class ErrorRecords
{
    /// <summary>A failed AWS call; the target object is the cluster (or whatever was being read).</summary>
    public static ErrorRecord FromAws(AwsApiException error, object? target)
    {
        var (id, category) = error.Kind switch
        {
            AwsErrorKind.NotFound when error.ErrorCode == "ClusterNotFoundException" => ("EcsClusterNotFound", ErrorCategory.ObjectNotFound),
            AwsErrorKind.NotFound => ("EcsResourceNotFound", ErrorCategory.ObjectNotFound),
            AwsErrorKind.AccessDenied => ("EcsAccessDenied", ErrorCategory.PermissionDenied),
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
            record.ErrorDetails = new ErrorDetails($"{error.Message} {advice}") { RecommendedAction = advice };
        }

        return record;
    }

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

    /// <summary>What to do when a file cannot be written.</summary>
    public const string WriteFailedAdvice = "Check that the directory exists, is writable by this user, and that the disk is not full.";

    /// <summary>A file or directory could not be written.</summary>
    public static ErrorRecord WriteFailed(Exception error, string path) =>
        new(error, "FileSdWriteFailed", error is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path)
        {
            ErrorDetails = new ErrorDetails($"Cannot write '{path}': {error.Message} The files there were left as they were.")
            {
                RecommendedAction = WriteFailedAdvice,
            },
        };

    /// <summary>Whether an exception is a file-system failure worth reporting as <c>FileSdWriteFailed</c>.</summary>
    public static bool IsFileSystemError(Exception error) => error is IOException or UnauthorizedAccessException;
}
