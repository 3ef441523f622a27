namespace EcsDiscoverer.Emulator;

/// <summary>
/// Everything a scenario holds: a <see cref="ScenarioState"/> per account and region, and the identity
/// settings (which access key belongs to which account, which roles STS refuses, which need an external id,
/// how long issued credentials live). Not thread-safe: <see cref="EmulatorScenario"/> guards it.
/// </summary>
internal sealed class FleetState
{
    public FleetState(string defaultRegion) => DefaultRegion = defaultRegion;

    /// <summary>The top-level <c>region</c>: the default scope's, and the one control endpoints use without a selector.</summary>
    public string DefaultRegion { get; }

    public AwsScope DefaultScope => new(AwsScope.DefaultAccount, DefaultRegion);

    /// <summary>The states by account and region; an account and region nobody seeded is added empty on first use.</summary>
    public Dictionary<AwsScope, ScenarioState> States { get; } = [];

    /// <summary>Access key id to account, for keys that are not the emulator STS's own (<c>accessKeys</c>).</summary>
    public Dictionary<string, string> AccessKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Role ARNs STS refuses with AccessDenied (<c>deniedRoles</c>).</summary>
    public HashSet<string> DeniedRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>Role ARN to the external id AssumeRole must carry for it (<c>externalIds</c>).</summary>
    public Dictionary<string, string> ExternalIds { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The queues a scenario's <c>eventQueues</c> declare per account and region: created when the scenario is
    /// loaded (or replaces another), each subscribed to that account and region's ECS task state changes.
    /// </summary>
    public Dictionary<AwsScope, List<string>> EventQueues { get; } = [];

    /// <summary>When set, every issued credential lives this long whatever <c>DurationSeconds</c> asks (<c>credentialLifetimeSeconds</c>).</summary>
    public int? CredentialLifetimeSeconds { get; set; }

    /// <summary>The state of an account and region, empty (and kept) if no scenario seeded it: AWS answers an empty account, not an error.</summary>
    public ScenarioState State(AwsScope scope)
    {
        if (!States.TryGetValue(scope, out var state))
        {
            States[scope] = state = new ScenarioState(scope);
        }

        return state;
    }

    /// <summary>The account of a key the emulator's STS did not issue: the scenario's mapping, else the default account.</summary>
    public string AccountOfKey(string accessKeyId) => AccessKeys.GetValueOrDefault(accessKeyId, AwsScope.DefaultAccount);

    public FleetState Clone()
    {
        var copy = new FleetState(DefaultRegion) { CredentialLifetimeSeconds = CredentialLifetimeSeconds };
        foreach (var (scope, state) in States)
        {
            copy.States[scope] = state.Clone();
        }

        foreach (var (key, account) in AccessKeys)
        {
            copy.AccessKeys[key] = account;
        }

        copy.DeniedRoles.UnionWith(DeniedRoles);
        foreach (var (scope, names) in EventQueues)
        {
            copy.EventQueues[scope] = [.. names];
        }

        foreach (var (role, id) in ExternalIds)
        {
            copy.ExternalIds[role] = id;
        }

        return copy;
    }
}
