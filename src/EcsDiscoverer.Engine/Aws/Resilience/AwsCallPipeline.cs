using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace EcsDiscoverer.Engine.Aws.Resilience;

/// <summary>
/// Runs every AWS call: the client-side throttle, a per-attempt timeout, retries with full-jitter exponential
/// backoff (Polly) on transient failures, and a report of each attempt to the observer.
/// </summary>
internal sealed class AwsCallPipeline
{
    private static readonly object RandomLock = new();
    private static readonly Random SharedRandom = new();

    private readonly ResiliencePipeline _retry;
    private readonly RetrySettings _settings;
    private readonly IAwsCallObserver? _observer;
    private readonly ApiThrottle? _throttle;
    private readonly Action? _renewCredentials;

    /// <summary>
    /// Creates the pipeline; without a throttle, calls go as fast as they come. <paramref name="renewCredentials"/>
    /// forgets credentials AWS calls expired before their stated expiry (an assumed role's, revoked or skewed), so
    /// that the call is made once more with new ones instead of failing every round until the expiry passes.
    /// </summary>
    public AwsCallPipeline(RetrySettings settings, IAwsCallObserver? observer, ApiThrottle? throttle = null, Action? renewCredentials = null)
    {
        _renewCredentials = renewCredentials;
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _observer = observer;
        _throttle = throttle;
        _retry = settings.MaxRetries <= 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    ShouldHandle = new PredicateBuilder().Handle<AwsApiException>(e => AwsErrorClassifier.IsTransient(e.Kind)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(FullJitterDelay(args.AttemptNumber, settings.BaseDelay, settings.MaxDelay, NextRandom())),
                })
                .Build();
    }

    /// <summary>Runs <paramref name="call"/> with timeout, retries and accounting.</summary>
    public async Task<T> ExecuteAsync<T>(string service, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (call is null)
        {
            throw new ArgumentNullException(nameof(call));
        }

        try
        {
            return await _retry.ExecuteAsync(
                async ct => await AttemptAsync(service, operation, call, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (_renewCredentials is not null && AwsErrorClassifier.IsExpiredCredentials(ex.ErrorCode))
        {
            _renewCredentials();
            return await _retry.ExecuteAsync(
                async ct => await AttemptAsync(service, operation, call, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Full jitter (AWS architecture blog): a uniform draw in [0, min(cap, base * 2^attempt)].</summary>
    internal static TimeSpan FullJitterDelay(int attemptNumber, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
    {
        var exponent = Math.Min(attemptNumber, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * unitRandom);
    }

    private async Task<T> AttemptAsync<T>(string service, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (_throttle is not null)
        {
            // Waiting for a token is not part of the attempt: it neither times out nor counts in the duration.
            await _throttle.WaitAsync(service, operation, cancellationToken).ConfigureAwait(false);
        }

        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptCts.CancelAfter(_settings.AttemptTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await call(attemptCts.Token).ConfigureAwait(false);
            _observer?.OnAttempt(service, operation, AwsCallOutcome.Ok, watch.Elapsed);
            return result;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _observer?.OnAttempt(service, operation, AwsCallOutcome.Error, watch.Elapsed);
            throw new AwsApiException(service, operation, "Timeout", $"no answer within {_settings.AttemptTimeout.TotalSeconds:0.#} s", null, ex);
        }
        catch (AwsApiException ex)
        {
            var outcome = ex.Kind == AwsErrorKind.Throttling ? AwsCallOutcome.Throttled : AwsCallOutcome.Error;
            _observer?.OnAttempt(service, operation, outcome, watch.Elapsed);
            throw;
        }
    }

    private static double NextRandom()
    {
        lock (RandomLock)
        {
            return SharedRandom.NextDouble();
        }
    }
}
