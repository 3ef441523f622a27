using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// What the rules made of a complete task, kept with it: the task, its definition and host cannot change while it
/// runs, so a steady round reuses the targets instead of evaluating every task again. Only for the same rules.
/// </summary>
/// <param name="Evaluation">The targets, skipped containers and warnings.</param>
/// <param name="Rules">The rules they were made with.</param>
/// <param name="Ec2InstanceId">The EC2 instance behind the task, which the caches must keep while the task runs.</param>
internal sealed record EvaluatedTask(TaskEvaluation Evaluation, RuleSettings Rules, string? Ec2InstanceId);
