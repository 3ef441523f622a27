using System;
using System.Net;

namespace EcsDiscoverer.Engine.Aws;

/// <summary>An AWS API call failed. Carries the AWS error code so callers can tell throttling from access denial.</summary>
public sealed class AwsApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsApiException(string service, string operation, string errorCode, string message, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(FormatMessage(service, operation, errorCode, message), innerException)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        AwsMessage = message;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public AwsApiException()
        : this("unknown", "unknown", "Unknown", "AWS call failed", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AwsApiException(string message)
        : this("unknown", "unknown", "Unknown", message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AwsApiException(string message, Exception innerException)
        : this("unknown", "unknown", "Unknown", message, null, innerException)
    {
    }

    /// <summary><c>ecs</c> or <c>ec2</c>.</summary>
    public string Service { get; }

    /// <summary>The API operation, e.g. <c>ListTasks</c>.</summary>
    public string Operation { get; }

    /// <summary>The AWS error code, e.g. <c>ThrottlingException</c>, <c>AccessDeniedException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>Whether ECS said the cluster does not exist (a name that is wrong, or a cluster deleted).</summary>
    public bool IsClusterNotFound => ErrorCode == AwsErrorClassifier.ClusterNotFound;

    /// <summary>The message AWS returned.</summary>
    public string AwsMessage { get; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>What kind of failure this is, for error categories and retry decisions.</summary>
    public AwsErrorKind Kind => AwsErrorClassifier.Classify(ErrorCode, StatusCode);

    private static string FormatMessage(string service, string operation, string errorCode, string message) =>
        $"{service}:{operation} failed with {errorCode}: {message}";
}
