using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>Adds the cases of one category with ids <c>category-01</c>, <c>category-02</c>, ...; the id is also the family and the task id.</summary>
internal sealed class CategoryBuilder
{
    private readonly string _category;
    private readonly List<CorpusCase> _cases;
    private int _count;

    public CategoryBuilder(string category, List<CorpusCase> cases)
    {
        _category = category;
        _cases = cases;
    }

    /// <summary>The well-formed bridge case with <paramref name="environment"/>, changed by the edits.</summary>
    public CorpusCase Bridge(
        string description,
        CaseExpectation expected,
        JsonArray environment,
        Action<JsonObject>? editDefinition = null,
        Action<JsonObject>? editTask = null,
        string? cluster = null)
    {
        return Add(description, expected, id =>
        {
            var definition = CaseShapes.BridgeDefinition(id, environment);
            editDefinition?.Invoke(definition);
            return definition;
        }, id =>
        {
            var task = CaseShapes.BridgeTask(id, id);
            editTask?.Invoke(task);
            return task;
        }, cluster);
    }

    /// <summary>The Fargate (awsvpc) case with <paramref name="environment"/>, changed by the edits.</summary>
    public CorpusCase Fargate(
        string description,
        CaseExpectation expected,
        JsonArray environment,
        Action<JsonObject>? editDefinition = null,
        Action<JsonObject>? editTask = null)
    {
        return Add(description, expected, id =>
        {
            var definition = CaseShapes.AwsVpcDefinition(id, environment);
            editDefinition?.Invoke(definition);
            return definition;
        }, id =>
        {
            var task = CaseShapes.FargateTask(id, id);
            editTask?.Invoke(task);
            return task;
        });
    }

    /// <summary>Any case: the definition (null for none) and the task are built from the case id.</summary>
    public CorpusCase Add(string description, CaseExpectation expected, Func<string, JsonObject?> definition, Func<string, JsonObject> task, string? cluster = null, string? clusterArn = null)
    {
        var id = $"{_category}-{++_count:00}";
        var added = new CorpusCase
        {
            Id = id,
            Category = _category,
            Description = description,
            Cluster = cluster?.Replace("{id}", id, StringComparison.Ordinal) ?? BadInputCorpus.MainCluster,
            ClusterArn = clusterArn,
            TaskDefinition = definition(id),
            Task = task(id),
            Expected = expected,
        };
        _cases.Add(added);
        return added;
    }
}
