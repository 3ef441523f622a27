using System;
using System.Collections;
using System.Collections.Generic;
using EcsDiscoverer.Engine.Memory;

namespace EcsDiscoverer.Engine.Rules;

/// <summary>
/// A target group's labels, sorted by name (ordinal), in one array: a fleet keeps one per target for as long as the
/// task runs, and a sorted dictionary's tree nodes cost several times the labels themselves.
/// </summary>
public sealed class LabelDictionary : IReadOnlyDictionary<string, string>
{
    private readonly KeyValuePair<string, string>[] _labels;

    private LabelDictionary(KeyValuePair<string, string>[] labels)
    {
        _labels = labels;
    }

    /// <inheritdoc />
    public int Count => _labels.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var label in _labels)
            {
                yield return label.Key;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> Values
    {
        get
        {
            foreach (var label in _labels)
            {
                yield return label.Value;
            }
        }
    }

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The labels of <paramref name="labels"/>, sorted by name.</summary>
    public static LabelDictionary From(IEnumerable<KeyValuePair<string, string>> labels) => From(labels, pool: null);

    /// <summary>
    /// The labels of <paramref name="labels"/>, sorted. With a <paramref name="pool"/>, names and values come from it,
    /// except the values <paramref name="isUnique"/> says no other target repeats (they would only fill the pool).
    /// </summary>
    internal static LabelDictionary From(IEnumerable<KeyValuePair<string, string>> labels, StringPool? pool, Func<string, bool>? isUnique = null)
    {
        var array = new List<KeyValuePair<string, string>>(labels ?? throw new ArgumentNullException(nameof(labels))).ToArray();
        Array.Sort(array, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (pool is not null)
        {
            for (var i = 0; i < array.Length; i++)
            {
                var value = array[i].Value;
                array[i] = new KeyValuePair<string, string>(pool.Share(array[i].Key)!, isUnique?.Invoke(value) == true ? value : pool.Share(value)!);
            }
        }

        return new LabelDictionary(array);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _labels[index].Value : null!;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        int low = 0, high = _labels.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_labels[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}
