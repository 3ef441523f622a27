using System;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>The Prometheus binary the real-consumer tests need is not on this machine.</summary>
public sealed class PrometheusNotInstalledException : Exception
{
    public PrometheusNotInstalledException()
        : this("Prometheus is not installed.")
    {
    }

    public PrometheusNotInstalledException(string message)
        : base(message)
    {
    }

    public PrometheusNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
