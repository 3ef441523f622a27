using System.Security.Cryptography;
using System.Text;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// One standard SQS queue of an account and region: messages with a visibility timeout (a received message is in
/// flight, invisible, until it is deleted or the timeout passes, then it is delivered again with a new receipt
/// handle), and long polls that end as soon as a message is visible. Thread-safe; it never takes the scenario lock,
/// so events may be sent to it while the scenario lock is held.
/// </summary>
internal sealed class SqsQueue
{
    /// <summary>SQS's default visibility timeout, 30 s.</summary>
    public const int DefaultVisibilityTimeout = 30;

    /// <summary>SQS's largest visibility timeout, 12 hours.</summary>
    public const int MaxVisibilityTimeout = 43_200;

    private readonly Lock _gate = new();
    private readonly List<SqsMessage> _messages = [];

    // Every receipt handle issued, so that a stale one (of an earlier receive) succeeds without deleting, as in SQS,
    // while one never issued is ReceiptHandleIsInvalid.
    private readonly Dictionary<string, SqsMessage> _handles = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private TaskCompletionSource _changed = NewSignal();

    // What the receipt handles of a deleted message point at.
    private static readonly SqsMessage Tombstone = new("", "", "", 0) { Deleted = true };

    public SqsQueue(AwsScope scope, string name, TimeProvider clock)
    {
        Scope = scope;
        Name = name;
        _clock = clock;
        CreatedMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public AwsScope Scope { get; }

    public string Name { get; }

    public string Arn => $"arn:aws:sqs:{Scope.Region}:{Scope.Account}:{Name}";

    public long CreatedMs { get; }

    /// <summary>The queue's <c>VisibilityTimeout</c> attribute in seconds, used when a receive names none.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = DefaultVisibilityTimeout;

    /// <summary>The queue's <c>ReceiveMessageWaitTimeSeconds</c>, used when a receive names no <c>WaitTimeSeconds</c>.</summary>
    public int ReceiveWaitTimeSeconds { get; set; }

    /// <summary>Whether the account and region's ECS task state changes are delivered here (an EventBridge rule target).</summary>
    public bool EcsEvents { get; set; }

    /// <summary>While true every SQS call on this queue is refused with AccessDenied (a queue policy that denies the caller).</summary>
    public bool Denied { get; set; }

    public long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Adds a message, visible after <paramref name="delaySeconds"/>, and wakes long polls.</summary>
    public SqsMessage Send(string body, int delaySeconds = 0)
    {
        var now = NowMs;
        var message = new SqsMessage(Guid.NewGuid().ToString(), body, Md5Hex(body), now) { VisibleAtMs = now + (delaySeconds * 1000L) };
        TaskCompletionSource changed;
        lock (_gate)
        {
            _messages.Add(message);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        return message;
    }

    /// <summary>Up to <paramref name="max"/> visible messages, oldest first, each now in flight for <paramref name="visibilitySeconds"/> with a new receipt handle.</summary>
    public List<(SqsMessage Message, string Handle)> Receive(int max, int visibilitySeconds)
    {
        var now = NowMs;
        var received = new List<(SqsMessage, string)>();
        lock (_gate)
        {
            foreach (var message in _messages)
            {
                if (received.Count == max)
                {
                    break;
                }

                if (message.VisibleAtMs > now)
                {
                    continue;
                }

                var handle = NewHandle();
                message.VisibleAtMs = now + (visibilitySeconds * 1000L);
                message.ReceiveCount++;
                message.FirstReceiveMs ??= now;
                message.CurrentHandle = handle;
                _handles[handle] = message;
                message.Handles.Add(handle);
                received.Add((message, handle));
            }
        }

        return received;
    }

    /// <summary>
    /// Deletes the message of a receipt handle: true if the handle was ever issued by this queue (a stale handle of
    /// an earlier receive succeeds without deleting, as SQS answers it), false for a handle SQS would call invalid.
    /// </summary>
    public bool Delete(string handle)
    {
        lock (_gate)
        {
            if (!_handles.TryGetValue(handle, out var message))
            {
                return false;
            }

            if (message.CurrentHandle == handle && !message.Deleted)
            {
                message.Deleted = true;
                _messages.Remove(message);

                // The handles stay valid (deleting twice succeeds, as in SQS) but no longer hold the body.
                foreach (var issued in message.Handles)
                {
                    _handles[issued] = Tombstone;
                }
            }

            return true;
        }
    }

    /// <summary>Deletes every message, in flight or not.</summary>
    public void Purge()
    {
        lock (_gate)
        {
            _messages.Clear();
            _handles.Clear();
        }
    }

    /// <summary>(visible, in flight or delayed) message counts: <c>ApproximateNumberOfMessages</c> and <c>...NotVisible</c>.</summary>
    public (int Visible, int NotVisible) Counts()
    {
        var now = NowMs;
        lock (_gate)
        {
            var visible = _messages.Count(m => m.VisibleAtMs <= now);
            return (visible, _messages.Count - visible);
        }
    }

    /// <summary>
    /// Waits until a message may be visible (one was sent, or an in-flight or delayed one's time comes) or until
    /// <paramref name="until"/> (epoch ms), whichever is first. The caller receives again after it.
    /// </summary>
    public async Task WaitAsync(long until, CancellationToken ct)
    {
        Task changed;
        long wake;
        lock (_gate)
        {
            changed = _changed.Task;
            wake = _messages.Count == 0 ? until : Math.Min(until, _messages.Min(m => m.VisibleAtMs));
        }

        var delay = wake - NowMs;
        if (delay > 0)
        {
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(delay), _clock, ct)).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>The hex MD5 of the UTF-8 body, as SQS sends <c>MD5OfBody</c>.</summary>
    public static string Md5Hex(string body)
    {
#pragma warning disable CA5351 // SQS's wire protocol defines MD5OfBody; it is a checksum here, not security.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
    }

    private static string NewHandle() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
