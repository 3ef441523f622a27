using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Rules.Conventions;

/// <summary>R13: which convention marks a container, and its key sets.</summary>
internal static class ConventionRule
{
    /// <summary>
    /// The first of <paramref name="conventions"/> whose marker marks the container, with its key sets; null when
    /// none does. A container two conventions mark is one target set, the first convention's.
    /// </summary>
    public static ConventionMatch? Match(IReadOnlyList<MarkerConvention> conventions, ContainerKeys keys)
    {
        foreach (var convention in conventions ?? throw new ArgumentNullException(nameof(conventions)))
        {
            var values = keys.From(convention.Source);
            var named = convention.NamedPortSets ? NamedSets(convention, values) : new List<string>();
            if (!IsMarked(convention, keys.From(convention.MarkerIn ?? convention.Source), named.Count > 0))
            {
                continue;
            }

            var specs = new List<ScrapeSpec>();
            if (convention.MarkerValue != MarkerValue.Port || values.ContainsKey(convention.MarkerKey))
            {
                specs.Add(Spec(convention, values, ""));
            }

            specs.AddRange(named.Select(name => Spec(convention, values, name)));
            var noLabels = Get(values, convention.NoLabelsKey);
            return new ConventionMatch(convention, specs, convention.NoLabelsWhenSet ? !string.IsNullOrEmpty(noLabels) : IsTrue(noLabels));
        }

        return null;
    }

    /// <summary>
    /// R13.4, teralytics' filter label: with <c>NAME</c> the container must carry the docker label NAME, with
    /// <c>NAME=VALUE</c> with exactly that value; no filter lets every container through.
    /// </summary>
    public static bool PassesFilter(string? filter, ContainerKeys keys)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return true;
        }

        var equals = filter!.IndexOf('=');
        return equals < 0
            ? keys.DockerLabels.ContainsKey(filter.Trim())
            : keys.DockerLabels.TryGetValue(filter.Substring(0, equals).Trim(), out var value) && value == filter.Substring(equals + 1);
    }

    /// <summary><c>true</c> in any case, blanks around it ignored.</summary>
    public static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsMarked(MarkerConvention convention, IReadOnlyDictionary<string, string> values, bool hasNamedSets) =>
        convention.MarkerValue switch
        {
            MarkerValue.AnyButOff => values.TryGetValue(convention.MarkerKey, out var any) && MarkerRule.IsMarked(any),
            MarkerValue.True => values.TryGetValue(convention.MarkerKey, out var flag) && IsTrue(flag),
            _ => values.ContainsKey(convention.MarkerKey) || hasNamedSets,
        };

    // R13.2: PORT_NAME (or CONTAINER_PORT_NAME) starts the set NAME.
    private static List<string> NamedSets(MarkerConvention convention, IReadOnlyDictionary<string, string> values)
    {
        var prefixes = new[] { convention.PortKey, convention.ContainerPortKey }.Where(k => k is not null).Select(k => k + "_").ToList();
        return values.Keys
            .SelectMany(key => prefixes.Where(p => key.Length > p.Length && key.StartsWith(p, StringComparison.Ordinal)).Select(p => key.Substring(p.Length)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
    }

    // A named set's own keys come first; its endpoints, path, scheme and job fall back to the unnamed set's.
    private static ScrapeSpec Spec(MarkerConvention convention, IReadOnlyDictionary<string, string> values, string setName)
    {
        string? Key(string? key) => key is null || setName.Length == 0 ? key : key + "_" + setName;
        string? Own(string? key) => Get(values, Key(key));
        string? Inherited(string? key, out string? from)
        {
            var own = Key(key);
            if (Get(values, own) is { } value)
            {
                from = own;
                return value;
            }

            from = key;
            return Get(values, key);
        }

        return new ScrapeSpec
        {
            SetName = setName,
            Ports = Own(convention.PortKey),
            PortKey = Key(convention.PortKey),
            PortMeaning = convention.PortMeaning,
            ContainerPorts = Own(convention.ContainerPortKey),
            ContainerPortKey = Key(convention.ContainerPortKey),
            Endpoints = Inherited(convention.EndpointKey, out var endpointKey),
            EndpointKey = endpointKey,
            Path = Inherited(convention.PathKey, out _),
            Scheme = Inherited(convention.SchemeKey, out var schemeKey),
            SchemeKey = schemeKey,
            Job = Inherited(convention.JobKey, out _),
        };
    }

    private static string? Get(IReadOnlyDictionary<string, string> values, string? key) =>
        key is not null && values.TryGetValue(key, out var value) ? value : null;
}
