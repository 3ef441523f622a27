using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// One entry of <c>SCOPES</c>: an account (the run's credentials, a profile, or a role assumed from them), the
/// regions to cover there, and optionally its own cluster selection and API budget. Every field is optional: an
/// empty scope is the run's own account and regions.
/// </summary>
public sealed class ScopeSettings
{
    /// <summary>A name for messages and metrics; default: the account (or profile) and region.</summary>
    public string? Name { get; set; }

    /// <summary>A profile of the shared credentials and config files to use instead of the run's credentials.</summary>
    public string? ProfileName { get; set; }

    /// <summary>A role to assume with the run's (or the profile's) credentials: <c>arn:aws:iam::ACCOUNT:role/NAME</c>.</summary>
    public string? RoleArn { get; set; }

    /// <summary>The external id the role's trust policy asks for.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The session name the assumed role is given (CloudTrail shows it); default <c>EcsDiscoverer</c>.</summary>
    public string? RoleSessionName { get; set; }

    /// <summary>The regions; empty: the run's regions (<c>REGIONS</c>, or the one region of the SDK's chain).</summary>
    public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();

    /// <summary>The cluster selection; null: the run's <c>CLUSTERS</c>.</summary>
    public IReadOnlyList<string>? Clusters { get; set; }

    /// <summary>The client-side budget's sustained rate for this scope; null: the run's.</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>The client-side budget's burst for this scope; null: the run's.</summary>
    public int? Burst { get; set; }

    /// <summary>The SQS queue of this scope's ECS task state change events (R18); null: the run's <c>EVENT_QUEUE_URL</c>.</summary>
    public string? EventQueueUrl { get; set; }

    /// <summary>How the scope reads in the effective configuration (never a secret: external ids are masked).</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Name is not null)
        {
            parts.Add("Name=" + Name);
        }

        if (ProfileName is not null)
        {
            parts.Add("ProfileName=" + ProfileName);
        }

        if (RoleArn is not null)
        {
            parts.Add("RoleArn=" + RoleArn);
        }

        if (ExternalId is not null)
        {
            parts.Add("ExternalId=(set)");
        }

        if (RoleSessionName is not null)
        {
            parts.Add("RoleSessionName=" + RoleSessionName);
        }

        if (Regions.Count > 0)
        {
            parts.Add("Regions=" + string.Join("|", Regions));
        }

        if (Clusters is not null)
        {
            parts.Add("Clusters=" + string.Join("|", Clusters));
        }

        if (RequestsPerSecond is not null)
        {
            parts.Add("RequestsPerSecond=" + RequestsPerSecond.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Burst is not null)
        {
            parts.Add("Burst=" + Burst.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (EventQueueUrl is not null)
        {
            parts.Add("EventQueueUrl=" + EventQueueUrl);
        }

        return "@{" + string.Join("; ", parts) + "}";
    }

    internal ScopeSettings With(Action<ScopeSettings> change)
    {
        var copy = (ScopeSettings)MemberwiseClone();
        change(copy);
        return copy;
    }

    internal static string Describe(IEnumerable<ScopeSettings> scopes) =>
        scopes.Any() ? string.Join(", ", scopes.Select(s => s.ToString())) : "(the run's account and regions)";
}
