using System;
using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// Which accounts and regions one run covers: <c>REGIONS</c>, <c>ROLE_ARNS</c> with <c>EXTERNAL_ID</c> and
/// <c>ROLE_SESSION_NAME</c> (the simple form, for containers), or <c>SCOPES</c> (the full form); and how many scopes
/// are discovered at once. Unset: the run's one account and region, as before scopes existed.
/// </summary>
public sealed class FleetSettings
{
    /// <summary>The default of <see cref="Concurrency"/>: enough to hide one slow region behind the others.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary><c>REGIONS</c> (<c>-Region</c>): the regions of every scope that names none.</summary>
    public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();

    /// <summary><c>ROLE_ARNS</c> (<c>-RoleArn</c>): one scope per role, assumed from the run's credentials.</summary>
    public IReadOnlyList<string> RoleArns { get; set; } = Array.Empty<string>();

    /// <summary><c>EXTERNAL_ID</c> (<c>-ExternalId</c>): the external id for the roles of <see cref="RoleArns"/>.</summary>
    public string? ExternalId { get; set; }

    /// <summary><c>ROLE_SESSION_NAME</c> (<c>-RoleSessionName</c>): the session name for the roles of <see cref="RoleArns"/>.</summary>
    public string? RoleSessionName { get; set; }

    /// <summary><c>SCOPES</c> (<c>-Scope</c>): the full form, one entry per account (or role) with its regions and clusters.</summary>
    public IReadOnlyList<ScopeSettings> Scopes { get; set; } = Array.Empty<ScopeSettings>();

    /// <summary><c>SCOPE_CONCURRENCY</c>: how many account-regions are discovered at once.</summary>
    public int Concurrency { get; set; } = DefaultConcurrency;
}
