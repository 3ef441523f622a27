using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Rounds;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// Runs engine work on the thread pool while the cmdlet's pipeline thread writes what the engine reports:
/// PowerShell's Write* methods may only be called from the pipeline thread. Stopping the pipeline cancels the work.
/// </summary>
internal sealed class PipelineMessagePump : IRoundLog, IDisposable
{
    private const int ProgressActivityId = 4711;
    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly bool _oneOff;
    private readonly BlockingCollection<Action<Cmdlet>> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private bool _progressShown;

    /// <param name="cmdlet">The cmdlet whose streams the messages go to.</param>
    /// <param name="activity">The progress activity.</param>
    /// <param name="oneOff">
    /// A one-off run: a failed cluster is a non-terminating error and each write asks ShouldProcess. The loop warns
    /// instead (it goes on) and writes without asking.
    /// </param>
    public PipelineMessagePump(Cmdlet cmdlet, string activity, bool oneOff)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _oneOff = oneOff;
    }

    /// <summary>Cancels running work; called from <c>StopProcessing</c> on another thread.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The work already finished.
        }
    }

    /// <summary>Runs <paramref name="work"/>, writing its messages as they come, and returns its result.</summary>
    /// <exception cref="PipelineStoppedException">The pipeline was stopped (Ctrl+C).</exception>
    public T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var task = Task.Run(() => work(_stop.Token), _stop.Token);
        try
        {
            while (!task.IsCompleted)
            {
                if (_messages.TryTake(out var message, 50))
                {
                    message(_cmdlet);
                }
            }

            Drain();
            if (task.IsCanceled || (task.IsFaulted && _stop.IsCancellationRequested && task.Exception?.GetBaseException() is OperationCanceledException))
            {
                throw new PipelineStoppedException();
            }

            return task.GetAwaiter().GetResult();
        }
        catch when (!task.IsCompleted)
        {
            // A message threw here (a non-terminating error under -ErrorAction Stop, Ctrl+C at a -Confirm prompt):
            // the work must stop before the cmdlet returns, so that nothing writes files after it has ended.
            Stop();
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // The work ends cancelled or failed; the exception that stopped the pipeline is the one to report.
            }

            throw;
        }
        finally
        {
            CompleteProgress();
        }
    }

    public void Verbose(string message) => _messages.Add(c => c.WriteVerbose(message));

    public void Debug(string message) => _messages.Add(c => c.WriteDebug(message));

    public void Warning(string message) => _messages.Add(c => c.WriteWarning(message));

    public void ClusterFailed(ClusterFailure failure, string message)
    {
        if (_oneOff)
        {
            var record = ErrorRecords.FromClusterFailure(failure, message);
            _messages.Add(c => c.WriteError(record));
        }
        else
        {
            Warning(message);
        }
    }

    /// <summary>Asks ShouldProcess on the pipeline thread and waits for the answer (or for the pipeline to stop).</summary>
    public bool MayWrite(string path, string action)
    {
        if (!_oneOff)
        {
            return true;
        }

        using var answered = new ManualResetEventSlim();
        var allowed = false;
        _messages.Add(c =>
        {
            try
            {
                allowed = c.ShouldProcess(path, action);
            }
            finally
            {
                answered.Set();
            }
        });
        answered.Wait(_stop.Token);
        return allowed;
    }

    public void RoundCompleted(RoundReport report)
    {
        var round = EcsDiscoveryRound.From(report);
        _messages.Add(c =>
        {
            // A finished round ends the cold round's progress bar.
            CompleteProgress();
            c.WriteInformation(round, new[] { "EcsDiscoverer", "Round", round.Result });
        });
    }

    public void Progress(DiscoveryProgress progress) => _messages.Add(c =>
    {
        if (progress.TotalClusters == 0 || progress.CompletedClusters >= progress.TotalClusters)
        {
            return;
        }

        _progressShown = true;
        c.WriteProgress(new ProgressRecord(ProgressActivityId, _activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
        });
    });

    public void Dispose()
    {
        _messages.Dispose();
        _stop.Dispose();
    }

    private void Drain()
    {
        while (_messages.TryTake(out var message))
        {
            message(_cmdlet);
        }
    }

    private void CompleteProgress()
    {
        if (_progressShown)
        {
            _progressShown = false;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
