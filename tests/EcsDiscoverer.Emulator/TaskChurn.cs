using System.Diagnostics;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Replaces RUNNING tasks of one account and region in the background at a steady rate, spread evenly over the
/// minute (100 per minute: one every 600 ms), as deployments and scaling do: each step stops a task picked
/// pseudo-randomly (a fixed seed, so runs are alike) and starts a replacement of its task definition on its
/// container instance (<see cref="EmulatorScenario.ReplaceRandomTask"/>), emitting the STOPPED and RUNNING events.
/// A step touches one task and its cluster, never copies the state, so it stays cheap with 10,000 tasks.
/// </summary>
internal sealed class TaskChurn : IAsyncDisposable
{
    /// <summary>The most replacements per minute: one every 10 ms.</summary>
    public const int MaxPerMinute = 6_000;

    private const int Seed = 20_261_206;

    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private Task _loop = Task.CompletedTask;
    private long _replaced;
    private long _failed;

    /// <summary>The rate in force; 0 while stopped.</summary>
    public int PerMinute { get; private set; }

    /// <summary>The account and region being churned, while running.</summary>
    public AwsScope? Scope { get; private set; }

    /// <summary>Tasks replaced since the server started (a stop and a start each).</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    /// <summary>Steps that found no RUNNING task, or stopped one that could not be placed again.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Starts churning <paramref name="view"/>'s account and region at <paramref name="perMinute"/> (0 stops), replacing any churn running.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or above <see cref="MaxPerMinute"/>.</exception>
    public async Task SetAsync(EmulatorScenario view, int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perMinute);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perMinute, MaxPerMinute);
        await StopAsync().ConfigureAwait(false);
        if (perMinute == 0)
        {
            return;
        }

        var running = new CancellationTokenSource();
        lock (_gate)
        {
            _running = running;
            PerMinute = perMinute;
            Scope = view.AccountRegion;
            _loop = Task.Run(() => LoopAsync(view, perMinute, running.Token));
        }
    }

    public async Task StopAsync()
    {
        CancellationTokenSource? running;
        Task loop;
        lock (_gate)
        {
            (running, _running) = (_running, null);
            loop = _loop;
            PerMinute = 0;
            Scope = null;
        }

        if (running is null)
        {
            return;
        }

        await running.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        running.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task LoopAsync(EmulatorScenario view, int perMinute, CancellationToken ct)
    {
#pragma warning disable CA5394 // Reproducible picks for a test double, not security.
        var random = new Random(Seed);
#pragma warning restore CA5394
        var interval = TimeSpan.FromMinutes(1) / perMinute;
        var clock = Stopwatch.StartNew();

        // Steps fall due at fixed times from the start, so a slow step does not slow the rate down.
        for (long step = 1; !ct.IsCancellationRequested; step++)
        {
            var wait = (interval * step) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }

            if (view.ReplaceRandomTask(random))
            {
                Interlocked.Increment(ref _replaced);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
