using System.Text.RegularExpressions;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// Every emulated SQS queue, per account and region as SQS keeps them, with the URL they are reached at
/// (<c>http://127.0.0.1:PORT/ACCOUNT/NAME</c>). Queues are
/// not part of the ECS state: replacing the scenario keeps them. Thread-safe.
/// </summary>
internal sealed partial class SqsQueues
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(AwsScope Scope, string Name), SqsQueue> _queues = [];

    public SqsQueues(TimeProvider clock) => Clock = clock;

    public TimeProvider Clock { get; }

    /// <summary>The server's base URL, <c>http://127.0.0.1:PORT/</c>, set when it starts listening.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1/";

    public string UrlOf(SqsQueue queue) => $"{BaseUrl}{queue.Scope.Account}/{queue.Name}";

    /// <summary>Creates the queue unless it exists (CreateQueue is idempotent); with <paramref name="ecsEvents"/> it receives the ECS task events.</summary>
    /// <exception cref="ArgumentException">Not a valid queue name.</exception>
    public SqsQueue Create(AwsScope scope, string name, bool ecsEvents = false)
    {
        ValidateName(name);
        lock (_gate)
        {
            if (!_queues.TryGetValue((scope, name), out var queue))
            {
                _queues[(scope, name)] = queue = new SqsQueue(scope, name, Clock);
            }

            queue.EcsEvents |= ecsEvents;
            return queue;
        }
    }

    public SqsQueue? Find(AwsScope scope, string name)
    {
        lock (_gate)
        {
            return _queues.GetValueOrDefault((scope, name));
        }
    }

    /// <summary>The queues of an account and region that the ECS task state changes go to.</summary>
    public List<SqsQueue> Subscribers(AwsScope scope)
    {
        lock (_gate)
        {
            return _queues.Values.Where(q => q.EcsEvents && q.Scope == scope).ToList();
        }
    }

    public List<SqsQueue> All()
    {
        lock (_gate)
        {
            return _queues.Values.OrderBy(q => q.Scope.ToString(), StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>1-80 characters of letters, digits, hyphens and underscores: SQS's rule for standard queues.</summary>
    /// <exception cref="ArgumentException">Not a valid queue name.</exception>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Queue name \"{name}\" must be 1 to 80 letters, digits, hyphens or underscores.", nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
