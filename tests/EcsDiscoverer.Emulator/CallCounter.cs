using System.Collections.Concurrent;

namespace EcsDiscoverer.Emulator;

/// <summary>Requests seen per account and region and operation, e.g. <c>ecs:ListTasks</c>; failed requests count too.</summary>
internal sealed class CallCounter
{
    private readonly ConcurrentDictionary<(AwsScope Scope, string Operation), int> _counts = new();

    public void Increment(AwsScope scope, string operation) => _counts.AddOrUpdate((scope, operation), 1, static (_, n) => n + 1);

    /// <summary>The counts per operation, summed over the accounts and regions that pass <paramref name="filter"/> (all of them when null).</summary>
    public IReadOnlyDictionary<string, int> Snapshot(Func<AwsScope, bool>? filter = null)
    {
        var sums = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var ((scope, operation), count) in _counts)
        {
            if (filter?.Invoke(scope) ?? true)
            {
                sums[operation] = sums.GetValueOrDefault(operation) + count;
            }
        }

        return sums;
    }

    /// <summary>The counts per operation of each account and region that saw a request.</summary>
    public IReadOnlyDictionary<AwsScope, IReadOnlyDictionary<string, int>> ByScope() =>
        _counts.Keys.Select(key => key.Scope).Distinct().ToDictionary(scope => scope, scope => Snapshot(s => s == scope));

    /// <summary>Zeroes the counts of the accounts and regions that pass <paramref name="filter"/> (all of them when null).</summary>
    public void Reset(Func<AwsScope, bool>? filter = null)
    {
        if (filter is null)
        {
            _counts.Clear();
            return;
        }

        foreach (var key in _counts.Keys.Where(key => filter(key.Scope)))
        {
            _counts.TryRemove(key, out _);
        }
    }
}
