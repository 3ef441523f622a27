using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.Rules;
using EcsDiscoverer.Engine.Tests.Support;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// One end-to-end run of corpus cases: the emulator serves their scenario, the production clients and engine discover
/// every cluster, and the renderer writes the five files. Each case's outcome is its own targets rendered on their own.
/// </summary>
internal sealed class CorpusRun
{
    private CorpusRun(DiscoveryResult result, IReadOnlyList<FileSdFile> files, IReadOnlyList<string> violations, IReadOnlyDictionary<string, CaseOutcome> outcomes, Exception? error)
    {
        Result = result;
        Files = files;
        Violations = violations;
        Outcomes = outcomes;
        Error = error;
    }

    /// <summary>The discovery result of the whole corpus.</summary>
    public DiscoveryResult Result { get; }

    /// <summary>The five files of the whole corpus.</summary>
    public IReadOnlyList<FileSdFile> Files { get; }

    /// <summary>Invariant violations of the whole corpus' output.</summary>
    public IReadOnlyList<string> Violations { get; }

    /// <summary>Each case's outcome, by case id.</summary>
    public IReadOnlyDictionary<string, CaseOutcome> Outcomes { get; }

    /// <summary>What discovery threw, which it never may.</summary>
    public Exception? Error { get; }

    public static async Task<CorpusRun> RunAsync(IReadOnlyList<CorpusCase> cases)
    {
        await using var harness = await EmulatorHarness.StartAsync(BadInputCorpus.ScenarioJson(cases)).ConfigureAwait(false);

        // The production ECS client, with lone surrogates injected into what it reads; EC2 as production opens it.
        using var http = new HttpClient(new SigV4SigningHandler(
            new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.USEast1, "ecs", new LoneSurrogateInjector(new HttpClientHandler())));
        var pipeline = new AwsCallPipeline(new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) }, null);
        var engine = new EcsDiscoveryEngine(new EcsJsonClient(http, harness.Server.Endpoint, pipeline), harness.Connection.Ec2, harness.Caches, new DiscoveryOptions(), null);
        var log = new RecordingDiscoveryLog();
        DiscoveryResult result;
        try
        {
            result = await engine.DiscoverAsync(new DiscoveryRequest(), log, default).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var empty = new DiscoveryResult(Array.Empty<ScrapeTarget>(), Array.Empty<SkippedContainer>(), Array.Empty<string>(), Array.Empty<ClusterFailure>());
            return new CorpusRun(empty, Array.Empty<FileSdFile>(), new[] { $"discovery threw {ex}" }, new Dictionary<string, CaseOutcome>(), ex);
        }

        var violations = FileSdInvariant.CheckRendered(result.Targets, result.Skipped, out var files).ToList();
        var warnings = log.Warnings;
        var outcomes = cases.ToDictionary(c => c.Id, c => Outcome(c, result, warnings), StringComparer.Ordinal);
        return new CorpusRun(result, files, violations, outcomes, null);
    }

    private static CaseOutcome Outcome(CorpusCase corpusCase, DiscoveryResult result, IReadOnlyList<string> warnings)
    {
        var targets = result.Targets.Where(t => t.TaskArn == corpusCase.TaskArn).ToList();
        var skipped = result.Skipped.Where(s => s.TaskArn == corpusCase.TaskArn).ToList();
        var violations = FileSdInvariant.CheckRendered(targets, skipped, out var files).ToList();
        var groups = new List<(string File, ParsedGroup Group)>();
        if (violations.Count == 0)
        {
            foreach (var file in files)
            {
                groups.AddRange(FileSdInvariant.Groups(file.FileName, file.Content).Select(g => (file.FileName, g)));
            }
        }

        var taskId = ArnParts.LastSegment(corpusCase.TaskArn);
        return new CaseOutcome
        {
            Case = corpusCase,
            Targets = targets,
            Skipped = skipped,
            Groups = groups,
            Warnings = warnings.Where(w => taskId.Length > 0 && w.Contains($"task {taskId} ", StringComparison.Ordinal)).ToList(),
            Failure = result.Failures.FirstOrDefault(f => ArnParts.ClusterName(f.Cluster) == corpusCase.Cluster),
            Violations = violations,
        };
    }
}
