using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// Spaces calls at least <see cref="Interval"/> apart, whoever makes them: the seed's WARMUP_THROTTLE, which keeps
/// the cold first round (hundreds of DescribeTaskDefinition calls) from bursting the API.
/// </summary>
internal sealed class WarmupPacer : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _nextAllowed = TimeSpan.Zero;

    public WarmupPacer(TimeSpan interval)
    {
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = _nextAllowed - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            _nextAllowed = _clock.Elapsed + Interval;
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();
}
