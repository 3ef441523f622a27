using System;
using System.Linq;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Rounds;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Faults;

/// <summary>
/// Issue 4 (behaviour under AWS faults), as one table: every fault kind x scope (one operation, one cluster,
/// everything) x transient (within the retry budget) or persistent (until cleared). Each case runs a fault-free
/// round, changes the account (every cluster loses a task and gains one on a new definition, container instance and
/// EC2 instance), runs faulted rounds, clears the fault and runs once more. Expected (R10):
/// transient: exactly the targets of a fault-free round, the retries visible in the call statistics;
/// persistent on c1: c1 keeps its last good targets while c0 and c2 update, a warning names the AWS error code and
/// what to do, the cluster-failure metric moves; persistent everywhere: the rounds fail, write nothing, the loop
/// goes on; after clearing: exactly right. Issue 9: the same table, with the same expectations, for the loop and for
/// Export-EcsFileSd run after run, since both go through the one round unit.
/// </summary>
[Collection(FaultTimingGroup.Name)]
public class FaultMatrixTests : IClassFixture<FaultReference>
{
    private const string FaultyCluster = "c1";
    private readonly FaultReference _reference;

    public FaultMatrixTests(FaultReference reference) => _reference = reference;

    public static TheoryData<FaultRunMode, AwsFaultKind, FaultScope, bool> Matrix()
    {
        var data = new TheoryData<FaultRunMode, AwsFaultKind, FaultScope, bool>();
        foreach (var mode in Enum.GetValues<FaultRunMode>())
        {
            foreach (var kind in AwsFaultKind.All)
            {
                foreach (var scope in Enum.GetValues<FaultScope>())
                {
                    if (kind.Retried)
                    {
                        data.Add(mode, kind, scope, false);
                    }

                    data.Add(mode, kind, scope, true);
                }
            }
        }

        return data;
    }

    private static string OperationOf(AwsFaultKind kind, FaultScope scope) => scope switch
    {
        FaultScope.OneOperation => kind.OneOperation,
        FaultScope.OneCluster => "ecs:*",
        _ => "*",
    };

    /// <summary>The first call the fault meets, whose error the warning reports.</summary>
    private static string FirstFailingCall(AwsFaultKind kind, FaultScope scope) => scope switch
    {
        FaultScope.OneOperation => kind.OneOperation,
        FaultScope.OneCluster => "ecs:ListTasks",
        _ => "ecs:ListClusters",
    };

    [Theory(DisplayName = "Fault matrix")]
    [MemberData(nameof(Matrix))]
    public async Task Fault(FaultRunMode mode, AwsFaultKind kind, FaultScope scope, bool persistent)
    {
        var reference = await _reference.GetAsync();
        await using var run = await FaultRun.StartAsync(mode: mode);
        var first = await run.RoundsAsync();
        Assert.Equal(RoundResult.Success, first.Last.Result);
        Assert.Equal(reference.First.Files, first.Files);

        FaultScenario.Change(run.Server.Scenario);
        var fault = kind.Script(OperationOf(kind, scope)) with
        {
            Cluster = scope == FaultScope.OneCluster ? FaultyCluster : null,
            Times = persistent ? null : FaultScenario.Retry.MaxRetries,
        };
        run.Server.InjectFault(fault);
        var faulted = await run.RoundsAsync(persistent ? 2 : 1);

        if (!persistent)
        {
            // Costs retries, not targets: the fault-free round's files, and exactly one extra request per failed attempt.
            // The faults served fail MaxRetries attempts; a loaded machine may time out one more normal call, which is
            // retried the same way (and counted), so the equality is between extra requests and failed attempts.
            Assert.Equal(RoundResult.Success, faulted.Last.Result);
            Assert.Equal(reference.Second.Files, faulted.Files);
            Assert.Equal(reference.Second.Requests + faulted.FailedAttempts, faulted.Requests);
            Assert.InRange(faulted.FailedAttempts, FaultScenario.Retry.MaxRetries, FaultScenario.Retry.MaxRetries + 1);
            Assert.Empty(faulted.Warnings);
        }
        else if (scope == FaultScope.OneCluster)
        {
            // Stale-while-error: c1 as it was, c0 and c2 updated; the warning says what failed and what to do.
            Assert.All(faulted.Reports, r => Assert.Equal(RoundResult.Partial, r.Result));
            Assert.All(faulted.Reports, r => Assert.Equal(new[] { FaultyCluster }, r.FailedClusters));
            Assert.Equal(
                FaultRun.Groups(reference.Second.Files, c => c != FaultyCluster).Concat(FaultRun.Groups(first.Files, c => c == FaultyCluster)).Order(StringComparer.Ordinal),
                FaultRun.Groups(faulted.Files));
            Assert.NotEqual(first.Files, faulted.Files);
            var call = FirstFailingCall(kind, scope);
            Assert.Contains(faulted.Warnings, w =>
                w.Contains($"Cluster {FaultyCluster} could not be discovered", StringComparison.Ordinal)
                && w.Contains($"{call} failed with {kind.CodeFor(call)}", StringComparison.Ordinal)
                && w.Contains(kind.AdviceFor(call), StringComparison.Ordinal));
            Assert.Contains(faulted.Warnings, w => w.Contains($"Cluster {FaultyCluster} failed this round; kept its", StringComparison.Ordinal));
            Assert.Equal(2, run.ClusterFailures(FaultyCluster));
            Assert.Equal(0, run.ClusterFailures("c0"));
        }
        else
        {
            // Nothing usable: the rounds fail, write nothing, and the loop goes on.
            Assert.Equal(2, faulted.Reports.Count);
            Assert.All(faulted.Reports, r => Assert.Equal(RoundResult.Failed, r.Result));
            Assert.All(faulted.Reports, r => Assert.Empty(r.TargetsByFile));
            Assert.Equal(first.Files, faulted.Files);
            var call = FirstFailingCall(kind, scope);
            // The loop warns; Export's terminating error is built from the report's failure message.
            Assert.Contains(faulted.Warnings.Concat(faulted.Reports.Select(r => r.FailureMessage ?? "")), w =>
                w.Contains($"{call} failed with {kind.CodeFor(call)}", StringComparison.Ordinal)
                && w.Contains(kind.AdviceFor(call), StringComparison.Ordinal));
            Assert.All(faulted.Reports, r => Assert.Equal(RoundFailureKind.Discovery, r.FailureKind));
            if (mode == FaultRunMode.Loop)
            {
                // The loop goes on, so it says so; Export ends with a terminating error built from the report instead.
                Assert.Equal(2, faulted.Warnings.Count(w => w.StartsWith("Round ", StringComparison.Ordinal) && w.Contains(" failed: ", StringComparison.Ordinal)));
            }
        }

        run.Server.ClearFaults();
        var cleared = await run.RoundsAsync();
        Assert.Equal(RoundResult.Success, cleared.Last.Result);
        Assert.Equal(reference.Second.Files, cleared.Files);
    }
}

/// <summary>The fault-free run of <see cref="FaultScenario"/>: what every faulted run is compared with.</summary>
public sealed class FaultReference
{
    private readonly Lazy<Task<(RoundOutcomeSnapshot First, RoundOutcomeSnapshot Second)>> _run = new(RunAsync);

    public async Task<(RoundOutcomeSnapshot First, RoundOutcomeSnapshot Second)> GetAsync() => await _run.Value;

    private static async Task<(RoundOutcomeSnapshot, RoundOutcomeSnapshot)> RunAsync()
    {
        await using var run = await FaultRun.StartAsync(FaultScenario.PatientRetry);
        var first = await run.RoundsAsync();
        FaultScenario.Change(run.Server.Scenario);
        var second = await run.RoundsAsync();
        if (first.Last.Result != RoundResult.Success || second.Last.Result != RoundResult.Success || first.Files.SequenceEqual(second.Files))
        {
            throw new InvalidOperationException("The fault-free reference run must succeed and change the files.");
        }

        return (new RoundOutcomeSnapshot(first.Files, first.Requests), new RoundOutcomeSnapshot(second.Files, second.Requests));
    }
}

/// <summary>The files and request count of a reference round.</summary>
public sealed record RoundOutcomeSnapshot(System.Collections.Generic.IReadOnlyDictionary<string, string> Files, int Requests);
