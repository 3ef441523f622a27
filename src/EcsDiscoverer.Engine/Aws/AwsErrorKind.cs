namespace EcsDiscoverer.Engine.Aws;

/// <summary>The families of AWS failures that callers treat differently.</summary>
public enum AwsErrorKind
{
    /// <summary>Anything not listed below.</summary>
    Other,

    /// <summary>The request rate was too high; retried with backoff.</summary>
    Throttling,

    /// <summary>A 5xx from AWS; retried.</summary>
    ServerError,

    /// <summary>No usable answer arrived (connection reset, timeout, DNS, a body cut short or garbled); retried.</summary>
    Network,

    /// <summary>The caller lacks an IAM permission.</summary>
    AccessDenied,

    /// <summary>The credentials are invalid or expired.</summary>
    Authentication,

    /// <summary>The named cluster, task definition or instance does not exist.</summary>
    NotFound,

    /// <summary>The request was malformed.</summary>
    InvalidRequest,
}
