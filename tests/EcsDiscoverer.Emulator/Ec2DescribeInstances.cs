using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// EC2 DescribeInstances with real EC2's semantics: unknown ids in <c>InstanceId.N</c> fail the
/// whole call, while the <c>instance-id</c> filter just leaves them out; <c>MaxResults</c> is
/// 5..1000 and cannot be combined with instance ids.
/// </summary>
internal static class Ec2DescribeInstances
{
    private const string TokenScope = "DescribeInstances";
    public static string Execute(EmulatorScenario scenario, IFormCollection form, string requestId)
    {
        var ids = Indexed(form, "InstanceId.").Select(p => p.Value).ToList();
        var filters = Filters(form);
        var maxResults = MaxResults(form, ids.Count > 0);
        var token = form["NextToken"].ToString() is { Length: > 0 } t ? t : null;

        return scenario.Read(state =>
        {
            var selected = ids.Count > 0 ? ByIds(state, ids) : state.Instances;
            var matching = selected.Where(i => filters.All(f => f.Matches(i))).ToList();
            var (page, next) = PageToken.Paginate(matching, maxResults ?? int.MaxValue, token, TokenScope,
                () => new Ec2ApiException("InvalidParameterValue", "Invalid value for NextToken."));
            return Ec2Xml.DescribeInstances(page.Select(ScenarioState.Copy), next, requestId, state.Scope.Account);
        });
    }

    private static List<JsonObject> ByIds(ScenarioState state, List<string> ids)
    {
        if (ids.Find(id => !id.StartsWith("i-", StringComparison.Ordinal)) is { } malformed)
        {
            throw new Ec2ApiException("InvalidInstanceID.Malformed", $"Invalid id: \"{malformed}\"");
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var missing = distinct.Where(id => state.FindInstance(id) is null).ToList();
        return missing.Count switch
        {
            0 => distinct.ConvertAll(id => state.FindInstance(id)!),
            1 => throw new Ec2ApiException("InvalidInstanceID.NotFound", $"The instance ID '{missing[0]}' does not exist"),
            _ => throw new Ec2ApiException("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", missing)}' do not exist"),
        };
    }

    private static int? MaxResults(IFormCollection form, bool hasIds)
    {
        var text = form["MaxResults"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (hasIds)
        {
            throw new Ec2ApiException("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 5 and <= 1000
            ? value
            : throw new Ec2ApiException("InvalidParameterValue", $"Value ( {text} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
    }

    private static List<Ec2Filter> Filters(IFormCollection form) =>
        Indexed(form, "Filter.")
            .Where(p => p.Suffix == "Name")
            .Select(p => new Ec2Filter(p.Value, Indexed(form, $"Filter.{p.Index}.Value.").Select(v => v.Value).ToList()))
            .ToList();

    /// <summary>
    /// Query lists are <c>Prefix.N[.Suffix]=value</c>; returns them ordered by N, since form
    /// order is not guaranteed to be list order.
    /// </summary>
    private static IEnumerable<(int Index, string Suffix, string Value)> Indexed(IFormCollection form, string prefix) =>
        form
            .Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(pair =>
            {
                var rest = pair.Key[prefix.Length..];
                var dot = rest.IndexOf('.', StringComparison.Ordinal);
                var number = dot < 0 ? rest : rest[..dot];
                return (Ok: int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var index),
                    Index: index, Suffix: dot < 0 ? "" : rest[(dot + 1)..], Value: pair.Value.ToString());
            })
            .Where(item => item.Ok)
            .OrderBy(item => item.Index)
            .Select(item => (item.Index, item.Suffix, item.Value));
}
