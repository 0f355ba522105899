using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Hosting;

/// <summary><see cref="Coordinator.Hosting.CoordinatorHost.ResumeAsync"/> through the in-process cluster with the simulated runner.</summary>
public sealed class SweepResumeTests
{
    [Fact]
    public async Task ResumeAsync_CancelledMidSweep_CompletesWithUninterruptedResultsAndOneResultPerTrial()
    {
        // 200 ms per trial: a trial seen running with a checkpoint is still running when the cancel lands.
        var yaml = TestSpecs.SimulatedYaml(name: "resume", init: "1..3", order: "1..3", steps: 20, evaluations: 4, stepDurationMs: 10);
        var expected = await SweepRuns.RunToEndAsync(yaml);

        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await Eventually.UntilAsync(
            async () =>
            {
                var trials = await cluster.Store.ListTrialsAsync(sweepId);
                return trials.Count(t => t.State == TrialState.Completed) >= 2 && trials.Any(t => t.State == TrialState.Running && t.Checkpoint is not null);
            },
            TimeSpan.FromSeconds(30),
            "2 trials completed and a running one checkpointed",
            TimeSpan.FromMilliseconds(1));
        await cluster.Coordinator.CancelAsync(sweepId, "cancelled by user");
        await cluster.WaitAsync(sweepId);
        var cancelledTrials = (await cluster.Store.ListTrialsAsync(sweepId)).Where(t => t.State == TrialState.Cancelled).ToList();
        var cancelled = cancelledTrials.Count;
        Assert.Equal("cancelled", (await cluster.Store.GetSweepAsync(sweepId))!.Status);
        Assert.InRange(cancelled, 1, 7);

        var result = await cluster.Coordinator.ResumeAsync(sweepId, "resumed by user");
        await cluster.WaitAsync(sweepId);

        Assert.Equal(new(true, "running", cancelled), result);
        Assert.Equal("completed", (await cluster.Store.GetSweepAsync(sweepId))!.Status);
        Assert.Equal(expected, await SweepRuns.FinalScoresAsync(cluster.Store, sweepId));
        var events = (await cluster.Store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).ToList();
        var results = events.OfType<TrialFinished>().Where(f => f.State != TrialState.Cancelled).GroupBy(f => f.TrialId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(9, results.Count);
        Assert.All(results.Values, n => Assert.Equal(1, n));
        var requeued = events.SkipWhile(e => e is not SweepResumed).OfType<TrialQueued>().ToList();
        Assert.Equal(cancelled, requeued.Count);
        // Each requeued trial resumes from the checkpoint it had when cancelled, and at least one had one.
        Assert.Equal(
            cancelledTrials.Select(t => (t.TrialId, t.Checkpoint)).OrderBy(t => t.TrialId, StringComparer.Ordinal),
            requeued.Select(q => (q.TrialId, q.ResumeFrom)).OrderBy(t => t.TrialId, StringComparer.Ordinal));
        Assert.Contains(requeued, q => q.ResumeFrom is not null && q.ResumeStep > 0);
    }

    [Fact]
    public async Task ResumeAsync_AfterCoordinatorRestart_RebuildsTheSweepFromTheJournalAndCompletes()
    {
        var yaml = TestSpecs.SimulatedYaml(name: "restart", init: "[1, 2]", order: "[1, 2]");
        var expected = await SweepRuns.RunToEndAsync(yaml);

        await using var cluster = await InProcessCluster.StartAsync();
        var sweepId = await cluster.SubmitAsync(yaml);
        await cluster.Coordinator.CancelAsync(sweepId, "cancelled by user");
        await cluster.KillCoordinatorAsync();
        await cluster.StartCoordinatorAsync();
        cluster.StartNode("n1", 2);

        var result = await cluster.Coordinator.ResumeAsync(sweepId, "resumed by user");
        await cluster.WaitAsync(sweepId);

        Assert.Equal(new(true, "running", 4), result);
        Assert.Equal(expected, await SweepRuns.FinalScoresAsync(cluster.Store, sweepId));
        Assert.All(await cluster.Store.ListTrialsAsync(sweepId), t => Assert.Equal((TrialState.Completed, 2), (t.State, t.Attempt)));
    }

    [Fact]
    public async Task ResumeAsync_RunningOrUnknownSweep_ChangesNothingOrThrows()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "busy"));
        var before = await cluster.Store.HighestSequenceAsync(sweepId);

        var result = await cluster.Coordinator.ResumeAsync(sweepId, "resumed by user");

        Assert.Equal(new(false, "running", 0), result);
        Assert.Equal(before, await cluster.Store.HighestSequenceAsync(sweepId));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => cluster.Coordinator.ResumeAsync("nope", "resumed by user"));
    }
}
