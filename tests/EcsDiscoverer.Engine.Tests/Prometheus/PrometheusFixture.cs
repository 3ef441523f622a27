using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Output;
using Xunit;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// One Prometheus per test class, reading one targets directory. Each test starts from <see cref="ResetAsync"/>:
/// the files emptied to <c>[]</c> and Prometheus showing no target, so tests share the process, not their state.
/// A Prometheus that could not start fails every test of the class with the reason (e.g. how to install it).
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ecsd-prometheus-targets-" + Guid.NewGuid().ToString("N"));
    private PrometheusServer? _server;
    private Exception? _startFailure;

    /// <summary>The running Prometheus.</summary>
    /// <exception cref="PrometheusNotInstalledException">It is not installed.</exception>
    /// <exception cref="InvalidOperationException">It did not start.</exception>
    public PrometheusServer Server => _server ?? throw _startFailure switch
    {
        PrometheusNotInstalledException missing => new PrometheusNotInstalledException(missing.Message, missing),
        { } other => new InvalidOperationException("Prometheus did not start: " + other.Message, other),
        null => new InvalidOperationException("The Prometheus fixture was not initialized."),
    };

    /// <summary>The directory Prometheus reads.</summary>
    public string Directory => Path.Combine(_root, "targets");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            _server = await PrometheusServer.StartAsync(Directory);
        }
        catch (Exception ex) when (ex is PrometheusNotInstalledException or InvalidOperationException or IOException or TimeoutException)
        {
            _startFailure = ex;
        }
    }

    /// <summary>
    /// Empties the files (<c>[]</c>, written atomically, as the module would) and waits until Prometheus shows no
    /// target, then returns the directory. Emptying rather than deleting: Prometheus 2.42 drops a file's targets
    /// when the file shrinks, but keeps them when the file disappears.
    /// </summary>
    public async Task<string> ResetAsync(CancellationToken ct = default)
    {
        var server = Server;
        if (System.IO.Directory.EnumerateFiles(Directory).Any())
        {
            foreach (var file in PrometheusConfig.OutputFiles)
            {
                AtomicFileWriter.Write(Path.Combine(Directory, file), Encoding.UTF8.GetBytes("[]\n"));
            }

            await server.WaitForTargetsAsync(t => t.Active.Count == 0, TimeSpan.FromSeconds(30), "no targets after the files were emptied", ct);
        }

        return Directory;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
