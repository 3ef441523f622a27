using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// What <see cref="ScenarioGenerator"/> builds. Also written as a spec,
/// <c>clusters=3,tasks=1000,families=20,instances=30,fargate-percent=20,host-percent=5,intervals=30s+1m</c>,
/// for the command line (<c>--generate</c>) and for <see cref="ToString"/>.
/// </summary>
public sealed partial class ScenarioGeneratorOptions
{
    /// <summary>The most tasks a scenario may have (the Fargate address plan has room for this many).</summary>
    public const int MaxTasks = 1_000_000;

    /// <summary>The most clusters, families, or container instances per cluster.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The most accounts a fleet may have.</summary>
    public const int MaxAccounts = 1000;

    private static readonly string[] Keys = ["clusters", "tasks", "families", "instances", "fargate-percent", "host-percent", "intervals", "region", "accounts", "regions"];

    // Real commercial regions, for fleets: a benchmark's output and logs then read like a real estate's.
    private static readonly string[] FleetRegions =
    [
        "us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ap-northeast-1", "us-east-2", "eu-west-2",
        "ap-southeast-1", "ca-central-1", "eu-north-1", "ap-south-1", "sa-east-1", "us-west-1", "eu-west-3", "ap-northeast-2",
    ];

    /// <summary>How many clusters (<c>c0</c>, <c>c1</c>, ...); 1 or more. Default 1.</summary>
    public int Clusters { get; init; } = 1;

    /// <summary>Tasks in total, spread evenly over the clusters (the first ones get one more when it does not divide). Default 0.</summary>
    public int Tasks { get; init; }

    /// <summary>Task definition families (<c>fam0</c>, <c>fam1</c>, ..., each revision 1), shared out among the task kinds in use. Default 1.</summary>
    public int Families { get; init; } = 1;

    /// <summary>
    /// Container instances per cluster (<c>ci0</c>, <c>ci1</c>, ...), each on an EC2 instance of its
    /// own, so the scenario has <c>Clusters * Instances</c> EC2 instances. Default 1.
    /// </summary>
    public int Instances { get; init; } = 1;

    /// <summary>The share of tasks that are Fargate awsvpc tasks, 0-100 (rounded down). Default 0.</summary>
    public int FargatePercent { get; init; }

    /// <summary>The share of tasks in host network mode, 0-100 (rounded down). Default 0.</summary>
    public int HostPercent { get; init; }

    /// <summary>
    /// Scrape intervals for <c>PROMETHEUS_ENDPOINT</c>, e.g. <c>30s</c> and <c>1m</c>: the families
    /// take turns between no endpoint (the generic <c>tasks.json</c>) and
    /// <c>PROMETHEUS_ENDPOINT=&lt;interval&gt;:/metrics</c> for each interval. Default none.
    /// </summary>
    public IReadOnlyList<string> Intervals { get; init; } = [];

    /// <summary>The region of every ARN, the first region of a fleet. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = ScenarioParser.DefaultRegion;

    /// <summary>
    /// Accounts of a fleet, 1 to <see cref="MaxAccounts"/>: the default account <c>123456789012</c> first, then
    /// <c>100000000001</c>, <c>100000000002</c>, ... Default 1.
    /// </summary>
    public int Accounts { get; init; } = 1;

    /// <summary>
    /// Regions per account, 1 to 16: <see cref="Region"/> first, then real regions in a fixed order (us-east-1,
    /// eu-west-1, us-west-2, ap-southeast-2, ...). Every account and region is a scope with <see cref="Clusters"/>
    /// clusters, <see cref="Families"/> task definitions and <see cref="Instances"/> per cluster of its own, and the
    /// <see cref="Tasks"/> are spread evenly over the scopes. Default 1.
    /// </summary>
    public int Regions { get; init; } = 1;

    /// <summary>Accounts times regions: the scopes of the fleet.</summary>
    public int ScopeCount => Accounts * Regions;

    /// <summary>Reads a spec: comma-separated <c>key=value</c> pairs, intervals joined by <c>+</c>.</summary>
    /// <exception cref="FormatException">An unknown key, a repeated key, or a value that is not a number.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="Validate"/>).</exception>
    public static ScenarioGeneratorOptions Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Generator option \"{part}\" is not key=value.");
            }

            pairs.Add(new(part[..equals].Trim(), part[(equals + 1)..].Trim()));
        }

        return FromPairs(pairs);
    }

    /// <summary>
    /// Builds options from <c>key</c> and value pairs (<c>clusters</c>, <c>tasks</c>, <c>families</c>,
    /// <c>instances</c>, <c>fargate-percent</c>, <c>host-percent</c>, <c>intervals</c> with
    /// <c>+</c> or <c>,</c> between intervals, <c>region</c>, <c>accounts</c>, <c>regions</c>); keys left out keep their defaults.
    /// </summary>
    /// <exception cref="FormatException">An unknown key, a repeated key, or a value that is not a number.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="Validate"/>).</exception>
    public static ScenarioGeneratorOptions FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (!Keys.Contains(key))
            {
                throw new FormatException($"Unknown generator option \"{key}\" (known: {string.Join(", ", Keys)}).");
            }

            if (!values.TryAdd(key, value))
            {
                throw new FormatException($"Generator option \"{key}\" is given twice.");
            }
        }

        var defaults = new ScenarioGeneratorOptions();
        var options = new ScenarioGeneratorOptions
        {
            Clusters = Number(values, "clusters", defaults.Clusters),
            Tasks = Number(values, "tasks", defaults.Tasks),
            Families = Number(values, "families", defaults.Families),
            Instances = Number(values, "instances", defaults.Instances),
            FargatePercent = Number(values, "fargate-percent", defaults.FargatePercent),
            HostPercent = Number(values, "host-percent", defaults.HostPercent),
            Intervals = values.TryGetValue("intervals", out var intervals)
                ? intervals.Split(['+', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : defaults.Intervals,
            Region = values.GetValueOrDefault("region", defaults.Region),
            Accounts = Number(values, "accounts", defaults.Accounts),
            Regions = Number(values, "regions", defaults.Regions),
        };
        options.Validate();
        return options;
    }

    /// <summary>
    /// Throws unless the options describe a scenario: at least one cluster, counts in range,
    /// percents adding up to at most 100, a container instance per cluster when there are EC2
    /// tasks, and at least one family per task kind in use.
    /// </summary>
    /// <exception cref="ArgumentException">What is wrong.</exception>
    public void Validate()
    {
        Range(Clusters, 1, MaxCount, "clusters");
        Range(Tasks, 0, MaxTasks, "tasks");
        Range(Families, 1, MaxCount, "families");
        Range(Instances, 0, MaxCount, "instances");
        Range(FargatePercent, 0, 100, "fargate-percent");
        Range(HostPercent, 0, 100, "host-percent");
        if (FargatePercent + HostPercent > 100)
        {
            throw new ArgumentException($"fargate-percent and host-percent add up to {FargatePercent + HostPercent}, more than 100.");
        }

        if ((long)Clusters * Instances * Math.Max(1, Accounts) * Math.Max(1, Regions) > MaxTasks)
        {
            throw new ArgumentException($"clusters * instances (times the scopes of a fleet) must be at most {MaxTasks}.");
        }

        if (Intervals.FirstOrDefault(i => !IntervalPattern().IsMatch(i ?? "")) is { } bad)
        {
            throw new ArgumentException($"Interval \"{bad}\" is not a number and a unit, like 30s or 1m.");
        }

        if (!AwsScope.IsRegion(Region))
        {
            throw new ArgumentException($"Region \"{Region}\" is not a region name like us-east-1.");
        }

        Range(Accounts, 1, MaxAccounts, "accounts");
        Range(Regions, 1, FleetRegions.Length, "regions");

        var mix = TaskMix.Of(this);
        if (mix.Count(GeneratedTaskKind.Bridge) + mix.Count(GeneratedTaskKind.Host) > 0 && Instances == 0)
        {
            throw new ArgumentException("Bridge and host tasks need at least one container instance per cluster (instances=1 or more).");
        }

        if (Families < mix.KindsInUse)
        {
            throw new ArgumentException($"{mix.KindsInUse} task kinds need at least {mix.KindsInUse} families (one network mode per family); families={Families}.");
        }
    }

    /// <summary>The spec of these options with every key, e.g. <c>clusters=3,tasks=1000,...</c>; <see cref="Parse"/> reads it back.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"clusters={Clusters},tasks={Tasks},families={Families},instances={Instances},");
        text.Append(CultureInfo.InvariantCulture, $"fargate-percent={FargatePercent},host-percent={HostPercent},");
        text.Append(CultureInfo.InvariantCulture, $"intervals={string.Join('+', Intervals)},region={Region}");

        // Only for fleets, so that a single scope's spec (and the description in its JSON) reads as before fleets.
        if (ScopeCount > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $",accounts={Accounts},regions={Regions}");
        }

        return text.ToString();
    }

    /// <summary>The fleet's accounts and regions, account by account: <see cref="Accounts"/> times <see cref="Regions"/> of them.</summary>
    public IReadOnlyList<AwsScope> ScopeList()
    {
        var regions = FleetRegions.Where(r => r != Region).Prepend(Region).Take(Regions).ToList();
        return Enumerable.Range(0, Accounts)
            .SelectMany(a => regions.Select(region => new AwsScope(AccountOf(a), region)))
            .ToList();
    }

    /// <summary>The access key a fleet scenario maps to an account (<c>accessKeys</c>): <c>AKID</c> and the account id, e.g. <c>AKID100000000001</c>.</summary>
    public static string AccessKeyOf(string account) => "AKID" + account;

    private static string AccountOf(int index) => index == 0
        ? AwsScope.DefaultAccount
        : (100_000_000_000L + index).ToString(CultureInfo.InvariantCulture);

    private static int Number(Dictionary<string, string> values, string key, int fallback)
    {
        if (!values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Generator option {key}={text} is not a whole number.");
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be from {min} to {max}.");
        }
    }

    [GeneratedRegex("^[0-9]+[a-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntervalPattern();
}
