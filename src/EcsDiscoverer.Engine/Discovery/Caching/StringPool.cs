using System;
using System.Collections.Concurrent;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// One copy of each repeated label value (cluster and task definition ARNs, images, launch types, zones, services):
/// every task of a fleet would otherwise hold its own copy, deserialized from its own answer. Values unique to a
/// task (its ARN, id, address) are not pooled; the pool is emptied when it outgrows what a fleet repeats.
/// </summary>
internal sealed class StringPool
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>The pooled copy of <paramref name="value"/> when label <paramref name="name"/> repeats across tasks.</summary>
    public string Share(string name, string value)
    {
        if (value is null || !IsRepeated(name))
        {
            return value!;
        }

        if (_strings.Count > MaxEntries)
        {
            _strings.Clear();
        }

        return _strings.GetOrAdd(value, value);
    }

    private static bool IsRepeated(string name) => name switch
    {
        "instance" or "task_id" or "container_id" or "__meta_ecs_task_arn" => false,
        _ => true,
    };
}
