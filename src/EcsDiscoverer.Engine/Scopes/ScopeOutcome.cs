using System;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>How one account-region fared in a round, for the metrics and the verbose summary.</summary>
public sealed class ScopeOutcome
{
    internal ScopeOutcome(string name, string? account, string region, int targets, Exception? error)
    {
        Name = name;
        Account = account;
        Region = region;
        Targets = targets;
        Error = error;
    }

    /// <summary>How messages name the scope.</summary>
    public string Name { get; }

    /// <summary>The account id, when known.</summary>
    public string? Account { get; }

    /// <summary>The region.</summary>
    public string Region { get; }

    /// <summary>Targets found this round.</summary>
    public int Targets { get; }

    /// <summary>Why the scope could not be listed at all (its last good targets were kept), or null.</summary>
    public Exception? Error { get; }

    /// <summary>Whether the scope's clusters could be listed this round.</summary>
    public bool Up => Error is null;
}
