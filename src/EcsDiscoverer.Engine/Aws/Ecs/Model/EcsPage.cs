using System.Collections.Generic;

namespace EcsDiscoverer.Engine.Aws.Ecs.Model;

/// <summary>One page of a List* call.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class EcsPage<T>
{
    /// <summary>Creates a page.</summary>
    public EcsPage(IReadOnlyList<T> items, string? nextToken)
    {
        Items = items;
        NextToken = nextToken;
    }

    /// <summary>The items of this page.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The token for the next page, or null on the last page.</summary>
    public string? NextToken { get; }
}
