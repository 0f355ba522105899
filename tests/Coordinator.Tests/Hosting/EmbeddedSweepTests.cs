using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Hosting;

/// <summary>Whole sweeps through the in-process cluster: coordinator actors, SQLite journal, node agent, simulated runner.</summary>
public sealed class EmbeddedSweepTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1); // catch each sweep mid-way: its trials take 10-80 ms

    [Fact]
    public async Task RunSweep_SimulatedRunner_EveryTrialCompletesOnceWithItsDeterministicScore()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);

        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "e2e", init: "[1, 2, 3]", order: "[1, 2, 3]"));
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        Assert.Equal(9, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal(await FinishedCountsAsync(cluster.Store, sweepId), trials.ToDictionary(t => t.TrialId, _ => 1));
        var sweep = await cluster.Store.GetSweepAsync(sweepId);
        Assert.Equal(("completed", 9), (sweep!.Status, sweep.Counts[TrialState.Completed]));

        // The majority-class baseline at step 0, then loss and accuracy at every evaluation (5 of 10 steps).
        var metrics = await cluster.Store.ListMetricsAsync(trials[0].TrialId);
        Assert.Equal([0L, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10], metrics.Select(m => m.Step));
        Assert.Equal(("baseline_accuracy", 0.5), (metrics[0].Name, metrics[0].Value));
    }

    [Fact]
    public async Task RunSweep_TwiceWithTheSameSeeds_GivesIdenticalFinalScores()
    {
        var first = await SweepRuns.RunToEndAsync(TestSpecs.SimulatedYaml(name: "same", init: "[3, 4]", order: "[5, 6]"));
        var second = await SweepRuns.RunToEndAsync(TestSpecs.SimulatedYaml(name: "same", init: "[3, 4]", order: "[5, 6]"));

        Assert.Equal(4, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(4, first.Values.Distinct().Count());
    }

    [Fact]
    public async Task RunSweep_DivergingAndFailingTrials_EndDivergedAndFailedWithReasons()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);

        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "fates", init: "1..6", order: "1..6", divergeShare: 0.2, failShare: 0.2));
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        var diverged = trials.Where(t => t.State == TrialState.Diverged).ToList();
        var failed = trials.Where(t => t.State == TrialState.Failed).ToList();
        Assert.NotEmpty(diverged);
        Assert.NotEmpty(failed);
        Assert.Equal(36, trials.Count(t => t.State is TrialState.Completed or TrialState.Diverged or TrialState.Failed));
        Assert.All(diverged, t => Assert.StartsWith("non-finite loss", t.Reason));
        Assert.All(failed, t => Assert.Equal("InvalidOperationException: simulated failure at step 5", t.Reason));
    }

    [Fact]
    public async Task CoordinatorAndNodeKilledMidSweep_RestartOnSameDatabase_CompletesOnceWithUninterruptedResults()
    {
        var yaml = TestSpecs.SimulatedYaml(name: "crash", init: "1..4", order: "1..4", steps: 20, evaluations: 4, stepDurationMs: 2);
        var expected = await SweepRuns.RunToEndAsync(yaml);

        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("local", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await Eventually.UntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Completed] >= 4, Limit, "4 trials completed", Poll);

        // Process crash: both die with trials in flight.
        await cluster.KillNodeAsync("local");
        await cluster.KillCoordinatorAsync();

        await cluster.StartCoordinatorAsync();
        cluster.StartNode("local", 2);
        await cluster.Coordinator.SubmitAsync(yaml, cluster.Directory); // what `sweep run` does again: resumes
        await cluster.WaitAsync(sweepId);

        Assert.Equal(expected, await SweepRuns.FinalScoresAsync(cluster.Store, sweepId));
        var finished = await FinishedCountsAsync(cluster.Store, sweepId);
        Assert.Equal(16, finished.Count);
        Assert.All(finished.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task CoordinatorKilledNodeSurvives_Restart_RunningTrialsCarryOnAndResultsMatch()
    {
        var yaml = TestSpecs.SimulatedYaml(name: "survive", init: "1..3", order: "1..3", steps: 40, evaluations: 4, stepDurationMs: 2);
        var expected = await SweepRuns.RunToEndAsync(yaml);

        await using var cluster = await InProcessCluster.StartAsync();
        var node = cluster.StartNode("n1", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await Eventually.UntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Running] >= 2, Limit, "2 trials running", Poll);

        await cluster.KillCoordinatorAsync();
        var ownedAtCrash = node.OwnedTrials();
        await cluster.StartCoordinatorAsync();
        await cluster.WaitAsync(sweepId);

        Assert.Equal(expected, await SweepRuns.FinalScoresAsync(cluster.Store, sweepId));
        Assert.All((await FinishedCountsAsync(cluster.Store, sweepId)).Values, n => Assert.Equal(1, n));
        var trials = (await cluster.Store.ListTrialsAsync(sweepId)).ToDictionary(t => t.TrialId);
        Assert.NotEmpty(ownedAtCrash);
        Assert.All(ownedAtCrash, owned => Assert.Equal(owned.Attempt, trials[owned.TrialId].Attempt));
    }

    [Fact]
    public async Task JournalWritesFailMidSweep_SweepActorRestartsFromJournal_SweepCompletesExactlyOnce()
    {
        var yaml = TestSpecs.SimulatedYaml(name: "flaky", init: "1..3", order: "1..3", steps: 10, evaluations: 5, stepDurationMs: 1);
        var expected = await SweepRuns.RunToEndAsync(yaml);

        await using var cluster = await InProcessCluster.StartAsync();
        await cluster.KillCoordinatorAsync();
        FlakyStore? flaky = null;
        cluster.WrapStore = store => flaky = new FlakyStore(store);
        await cluster.StartCoordinatorAsync();
        cluster.StartNode("n1", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await Eventually.UntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Completed] >= 2, Limit, "2 trials completed", Poll);

        flaky!.FailNextAppends(3);
        await cluster.WaitAsync(sweepId);

        Assert.Equal(3, flaky.Injected);
        Assert.Equal(expected, await SweepRuns.FinalScoresAsync(cluster.Store, sweepId));
        Assert.All((await FinishedCountsAsync(cluster.Store, sweepId)).Values, n => Assert.Equal(1, n));
    }

    private static async Task<Dictionary<string, int>> FinishedCountsAsync(IJournal journal, string sweepId) =>
        (await journal.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).OfType<TrialFinished>()
            .GroupBy(f => f.TrialId).ToDictionary(g => g.Key, g => g.Count());
}
