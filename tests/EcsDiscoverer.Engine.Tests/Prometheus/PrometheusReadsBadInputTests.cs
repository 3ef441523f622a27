using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Tests.BadInput;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// Issue 4 parts 3 and 4 together: what discovery writes for the whole bad-input corpus (hostile, huge, non-ASCII
/// values in every setting, broken task definitions, old and new ARNs) is accepted by a real Prometheus as it is,
/// not only by our own <see cref="FileSdInvariant"/>, which was written from Prometheus' documented rules.
/// </summary>
public class PrometheusReadsBadInputTests
{
    private readonly ITestOutputHelper _output;

    public PrometheusReadsBadInputTests(ITestOutputHelper output) => _output = output;

    [Fact(DisplayName = "Prometheus (R6, R7, R9): the bad-input corpus' files load without a file_sd error, every target active, none dropped")]
    public async Task CorpusOutputIsAccepted()
    {
        using var directory = new TempDirectory();
        var run = await BadInputCorpus.WriteFileSdAsync(directory.Path);
        Assert.Null(run.Error);
        Assert.Empty(run.Violations);
        FileSdInvariant.CheckDirectory(directory.Path);

        _output.WriteLine($"targets {run.Result.Targets.Count}, skipped {run.Result.Skipped.Count}, failures {string.Join("; ", run.Result.Failures.Select(f => f.Cluster + ": " + f.Error.Message))}");
        foreach (var file in run.Files)
        {
            _output.WriteLine($"{file.FileName}: {file.GroupCount} groups, {file.Content.Length} bytes");
        }

        await using var prometheus = await PrometheusServer.StartAsync(directory.Path);
        var expected = ExpectedTargets.FromDirectory(directory.Path);
        // WaitForFilesAsync throws with Prometheus' own reason as soon as it rejects a file.
        var targets = await prometheus.WaitForFilesAsync(System.TimeSpan.FromSeconds(60));

        Assert.Empty(prometheus.Log.FileSdErrors);
        Assert.Equal(0, await prometheus.FileSdReadErrorsAsync());
        Assert.Empty(targets.Dropped);
        // Hundreds of groups: far more than a demo, so an accidental empty output cannot pass.
        Assert.True(expected.Count > 200, $"only {expected.Count} targets expected from the corpus");
        Assert.Equal(expected.Count, targets.Active.Count);
        _output.WriteLine(
            $"{run.Files.Sum(f => f.GroupCount)} groups in {run.Files.Count} files; Prometheus shows {targets.Active.Count} active targets, " +
            $"{targets.Dropped.Count} dropped, {prometheus.Log.FileSdErrors.Count} file_sd errors");
    }
}
