using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Policies;

/// <summary>
/// Stopping policies end to end (coordinator actors, SQLite journal, node agent, simulated runner):
/// a Dodge cohort of 4 × 4 trials that pause at a quarter of training and the best 4 resume, with and
/// without a crash; divergence on the simulated runner's diverging seeds; submit-time validation.
/// </summary>
public sealed class StoppingPolicyClusterTests
{
    private const string Stopping = "\nstopping:\n  - policy: dodge_cohort\n    fraction: 0.25\n    keep: 4\n";

    [Fact]
    public async Task RunSweep_DodgeCohort_BestFourAtFractionCompleteAsAttemptTwoWithUninterruptedScores()
    {
        var plain = TestSpecs.SimulatedYaml(name: "dodge", init: "1..4", order: "1..4", steps: 20, evaluations: 4);
        var reference = await ReferenceAsync(plain);

        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);
        var sweepId = await cluster.SubmitAsync(plain + Stopping);
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        var completed = trials.Where(t => t.State == TrialState.Completed).ToList();
        Assert.Equal(reference.Survivors, completed.Select(t => t.TrialId));
        Assert.All(completed, t => Assert.Equal((2, reference.Final[t.TrialId]), (t.Attempt, t.FinalMetric)));
        var stopped = trials.Where(t => t.State == TrialState.EarlyStopped).ToList();
        Assert.Equal(12, stopped.Count);
        Assert.All(stopped, t => Assert.Equal(reference.StopReason(t.TrialId), t.Reason));

        foreach (var t in trials)
        {
            var decisions = await cluster.Store.ListDecisionsAsync(t.TrialId);
            var verdict = t.State == TrialState.Completed ? DecisionActions.Resume : DecisionActions.Stop;
            Assert.Equal([(1, "dodge_cohort", DecisionActions.Pause), (1, "dodge_cohort", verdict)], decisions.Select(d => (d.Attempt, d.Policy, d.Action)));
        }
    }

    [Fact]
    public async Task RunSweep_CoordinatorAndNodeKilledWhileTrialsPaused_StillEndsWithTheSameFourCompleted()
    {
        var plain = TestSpecs.SimulatedYaml(name: "dodge-crash", init: "1..4", order: "1..4", steps: 20, evaluations: 4, stepDurationMs: 5);
        var reference = await ReferenceAsync(plain);
        var yaml = plain + Stopping;

        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("local", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await Eventually.UntilAsync(
            async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Paused] >= 4,
            TimeSpan.FromSeconds(30),
            "4 trials paused at the cohort fraction",
            TimeSpan.FromMilliseconds(1)); // catch the first phase, before all 16 trials have paused and the cohort is decided

        // Killed in the first phase: some trials paused, the cohort not yet decided.
        await cluster.KillNodeAsync("local");
        var beforeKill = (await cluster.Store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).ToList();
        Assert.DoesNotContain(beforeKill, e => e is DecisionMade { Action: DecisionActions.Resume });
        Assert.Contains(beforeKill, e => e is TrialPaused);
        await cluster.KillCoordinatorAsync();
        await cluster.StartCoordinatorAsync();
        cluster.StartNode("local", 2);
        await cluster.Coordinator.SubmitAsync(yaml, cluster.Directory);
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        var completed = trials.Where(t => t.State == TrialState.Completed).ToList();
        Assert.Equal(reference.Survivors, completed.Select(t => t.TrialId));
        Assert.All(completed, t => Assert.Equal(reference.Final[t.TrialId], t.FinalMetric));
        Assert.Equal(12, trials.Count(t => t.State == TrialState.EarlyStopped));
        var journal = (await cluster.Store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).ToList();
        Assert.Equal(4, journal.OfType<DecisionMade>().Count(d => d.Action == DecisionActions.Resume));
        Assert.Equal(12, journal.OfType<DecisionMade>().Count(d => d.Policy == "dodge_cohort" && d.Action == DecisionActions.Stop));
        Assert.All(journal.OfType<TrialFinished>().GroupBy(f => f.TrialId), g => Assert.Single(g));
    }

    [Fact]
    public async Task RunSweep_DivergencePolicyOnDivergingSeeds_NaNAndStuckAtBaselineTrialsBothEndDiverged()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);
        var yaml = TestSpecs.SimulatedYaml(name: "diverge", init: "1..6", order: "1..6", divergeShare: 0.4) + "\nstopping:\n  - policy: divergence\n";

        var sweepId = await cluster.SubmitAsync(yaml);
        await cluster.WaitAsync(sweepId);

        // Evaluations at fractions 0.2, 0.4, …: a stuck trial is caught at the first one ≥ after_fraction 0.3.
        const string Stuck = "accuracy 0.5 at fraction 0.4 is at or below the majority-class baseline 0.5 + 0.01";
        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        var diverged = trials.Where(t => t.State == TrialState.Diverged).ToList();
        Assert.Contains(diverged, t => t.Reason == Stuck);
        Assert.Contains(diverged, t => t.Reason!.StartsWith("non-finite loss", StringComparison.Ordinal));
        Assert.All(diverged, t => Assert.True(t.Reason == Stuck || t.Reason!.StartsWith("non-finite loss", StringComparison.Ordinal), t.Reason));
        Assert.All(trials.Where(t => t.State != TrialState.Diverged), t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials.Where(t => t.State == TrialState.Completed), t => Assert.True(t.FinalMetric > 0.6));
    }

    [Fact]
    public async Task SubmitAsync_InvalidStoppingParameter_FailsWithSpecErrorBeforeAnythingIsJournaled()
    {
        await using var cluster = await InProcessCluster.StartAsync();

        var e = await Assert.ThrowsAsync<SpecException>(() => cluster.SubmitAsync(
            TestSpecs.SimulatedYaml(name: "bad") + "\nstopping:\n  - policy: dodge_cohort\n    fraction: 1.5\n    keep: 1\n"));

        Assert.Equal("spec:17: stopping[0].fraction: expected a number in (0, 1), got '1.5'", e.Message);
        Assert.Empty(await cluster.Store.ListSweepsAsync());
    }

    /// <summary>
    /// The same sweep without the policy: final scores, and the expected cohort ranking computed
    /// independently from its accuracy at step 5 (fraction 0.25), ties in expansion order.
    /// </summary>
    private static async Task<Reference> ReferenceAsync(string yaml)
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await cluster.WaitAsync(sweepId);
        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        var metrics = await cluster.Store.ListSweepMetricsAsync(sweepId);
        var atQuarter = metrics.Where(m => m.Name == "accuracy" && m.Step == 5).ToDictionary(m => m.TrialId, m => m.Value);
        var ranked = trials.Select((t, i) => (t.TrialId, Order: i, Value: atQuarter[t.TrialId]))
            .OrderByDescending(x => x.Value).ThenBy(x => x.Order).ToList();
        Assert.Equal(16, ranked.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        return new Reference(
            [.. ranked.Take(4).Select(x => x.TrialId).OrderBy(id => trials.ToList().FindIndex(t => t.TrialId == id))],
            trials.ToDictionary(t => t.TrialId, t => t.FinalMetric),
            ranked.Select((x, i) => (x.TrialId, Rank: i + 1, x.Value)).ToDictionary(x => x.TrialId, x => (x.Rank, x.Value)),
            ranked[3].Value);
    }

    private sealed record Reference(
        IReadOnlyList<string> Survivors,
        Dictionary<string, double?> Final,
        Dictionary<string, (int Rank, double Value)> Standing,
        double Cutoff)
    {
        public string StopReason(string trialId)
        {
            var (rank, value) = Standing[trialId];
            return string.Create(CultureInfo.InvariantCulture,
                $"cohort 0: rank {rank} of 16 by accuracy at fraction 0.25 ({value:0.####}) is outside the best 4 (cut-off {Cutoff:0.####})");
        }
    }
}
