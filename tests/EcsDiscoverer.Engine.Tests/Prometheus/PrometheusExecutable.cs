using System;
using System.IO;
using System.Linq;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>Where the Prometheus binary is: the Debian package puts it on PATH as <c>prometheus</c>.</summary>
public static class PrometheusExecutable
{
    /// <summary>The help a missing binary fails with; .ci/run installs the package where it can.</summary>
    public const string InstallHint =
        "Prometheus is not installed: the tests that check a real Prometheus reads our files need it. " +
        "Install it with `apt-get install prometheus` (Debian/Ubuntu; .ci/run does this where it runs as root).";

    /// <summary>The full path of <c>prometheus</c> on PATH.</summary>
    /// <exception cref="PrometheusNotInstalledException">It is not on PATH.</exception>
    public static string Find() => Find(Environment.GetEnvironmentVariable("PATH") ?? "");

    /// <summary>The full path of <c>prometheus</c> in one of the directories of <paramref name="searchPath"/>.</summary>
    /// <exception cref="PrometheusNotInstalledException">No directory holds it.</exception>
    public static string Find(string searchPath) =>
        searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "prometheus"))
            .FirstOrDefault(File.Exists)
        ?? throw new PrometheusNotInstalledException(InstallHint + " Searched PATH: " + searchPath);
}
