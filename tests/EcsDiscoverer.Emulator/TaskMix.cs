namespace EcsDiscoverer.Emulator;

/// <summary>
/// How a generated scenario divides its tasks and families among the <see cref="GeneratedTaskKind"/>s:
/// exact counts from the percents, families in proportion (at least one per kind in use, in
/// kind order: bridge families first), and an evenly interleaved order of kinds.
/// </summary>
internal sealed class TaskMix
{
    private static readonly GeneratedTaskKind[] Kinds = Enum.GetValues<GeneratedTaskKind>();

    private readonly int[] _tasks = new int[Kinds.Length];
    private readonly int[] _families = new int[Kinds.Length];
    private readonly int[] _firstFamily = new int[Kinds.Length];

    private TaskMix()
    {
    }

    /// <summary>How many kinds have tasks; 1 when there are no tasks at all (bridge families then).</summary>
    public int KindsInUse { get; private set; }

    public int Total { get; private set; }

    public static TaskMix Of(ScenarioGeneratorOptions options)
    {
        var mix = new TaskMix { Total = options.Tasks };
        var fargate = (int)((long)options.Tasks * options.FargatePercent / 100);
        var host = (int)((long)options.Tasks * options.HostPercent / 100);
        mix._tasks[(int)GeneratedTaskKind.Fargate] = fargate;
        mix._tasks[(int)GeneratedTaskKind.Host] = host;
        mix._tasks[(int)GeneratedTaskKind.Bridge] = options.Tasks - fargate - host;
        var inUse = Kinds.Where(k => mix._tasks[(int)k] > 0).ToList();
        if (inUse.Count == 0)
        {
            inUse.Add(GeneratedTaskKind.Bridge);
        }

        mix.KindsInUse = inUse.Count;
        if (options.Families >= inUse.Count)
        {
            mix.ShareFamilies(options.Families, inUse);
        }

        return mix;
    }

    public int Count(GeneratedTaskKind kind) => _tasks[(int)kind];

    /// <summary>How many families the kind has.</summary>
    public int Families(GeneratedTaskKind kind) => _families[(int)kind];

    /// <summary>The index of the kind's first family: its families are <c>fam{first}</c> to <c>fam{first + n - 1}</c>.</summary>
    public int FirstFamily(GeneratedTaskKind kind) => _firstFamily[(int)kind];

    /// <summary>The kind of family <paramref name="family"/>.</summary>
    public GeneratedTaskKind KindOfFamily(int family) =>
        Kinds.Last(k => _families[(int)k] > 0 && _firstFamily[(int)k] <= family);

    /// <summary>
    /// The kind of each task in turn, <see cref="Total"/> of them: smooth weighted round robin,
    /// which gives every kind exactly its count and spreads it evenly, so each cluster (a run of
    /// consecutive tasks) gets about the same mix.
    /// </summary>
    public IEnumerable<GeneratedTaskKind> Sequence()
    {
        var current = new long[Kinds.Length];
        for (var i = 0; i < Total; i++)
        {
            var pick = 0;
            for (var k = 0; k < Kinds.Length; k++)
            {
                current[k] += _tasks[k];
                if (current[k] > current[pick])
                {
                    pick = k;
                }
            }

            current[pick] -= Total;
            yield return Kinds[pick];
        }
    }

    // One family per kind in use, the rest by largest remainder of the kinds' task shares.
    private void ShareFamilies(int families, List<GeneratedTaskKind> inUse)
    {
        var rest = families - inUse.Count;
        var remainders = new List<(GeneratedTaskKind Kind, long Remainder)>();
        foreach (var kind in inUse)
        {
            var share = Total == 0 ? rest : (long)rest * _tasks[(int)kind];
            _families[(int)kind] = 1 + (int)(Total == 0 ? share : share / Total);
            remainders.Add((kind, Total == 0 ? 0 : share % Total));
        }

        var left = families - _families.Sum();
        foreach (var (kind, _) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Kind).Take(left))
        {
            _families[(int)kind]++;
        }

        var next = 0;
        foreach (var kind in Kinds)
        {
            _firstFamily[(int)kind] = next;
            next += _families[(int)kind];
        }
    }
}
