using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>The answer to a Describe* call: the items found and the per-item failures.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class EcsBatch<T>
{
    /// <summary>Creates a batch result.</summary>
    public EcsBatch(IReadOnlyList<T> items, IReadOnlyList<EcsFailure> failures)
    {
        Items = items;
        Failures = failures;
    }

    /// <summary>The items described.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>Items ECS could not describe.</summary>
    public IReadOnlyList<EcsFailure> Failures { get; }
}
