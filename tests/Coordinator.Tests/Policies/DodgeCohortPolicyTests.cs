using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using static SweepCluster.Coordinator.Tests.Policies.ScriptedSweep;

namespace SweepCluster.Coordinator.Tests.Policies;

public sealed class DodgeCohortPolicyTests
{
    private static ScriptedSweep FourKeepTwo(params (string, string)[] extra) =>
        new(4, true, Policy("dodge_cohort", [("fraction", "0.25"), ("keep", "2"), .. extra]));

    /// <summary>Each trial reports accuracy at fraction 0.25 (step 25) and pauses there.</summary>
    private static void ReachAndPause(ScriptedSweep sweep, params double[] accuracies)
    {
        for (var i = 0; i < accuracies.Length; i++)
        {
            sweep.Accuracy(i, 0.25, accuracies[i]);
            sweep.Pause(i, 25);
        }
    }

    private static List<(string Id, string Action)> Verdicts(IEnumerable<SweepEvent> events) =>
        [.. events.OfType<DecisionMade>().Where(d => d.Action is DecisionActions.Resume or DecisionActions.Stop).Select(d => (d.TrialId, d.Action))];

    [Fact]
    public void Assign_CohortPolicy_JournalsPauseDecisionAndStartsWithPauseFraction()
    {
        var sweep = FourKeepTwo();

        var starts = sweep.AssignAll();

        Assert.All(starts, s => Assert.Equal(0.25, s.PauseAtFraction));
        var pause = sweep.Log.OfType<DecisionMade>().First();
        Assert.Equal(
            new DecisionMade(sweep.Id(0), 1, "dodge_cohort", DecisionActions.Pause, "cohort 0: pause at fraction 0.25 until the cohort can be ranked (keep 2)",
                """{"policy":"dodge_cohort","fraction":0.25,"cohort":0,"plan":{"t":4,"f":0.25,"p":2,"cost_full_runs":2.5,"cost_steps":null}}"""),
            pause);
        Assert.True(sweep.Log.IndexOf(pause) > sweep.Log.FindIndex(e => e is TrialAssigned a && a.TrialId == sweep.Id(0)));
        Assert.All(sweep.State.Trials, t => Assert.True(t.PauseRequested));
    }

    [Fact]
    public void OnEnded_LastOfCohortPauses_BestTwoResumeAsNextAttemptOthersEndEarlyStopped()
    {
        var sweep = FourKeepTwo();
        sweep.AssignAll();

        ReachAndPause(sweep, 0.7, 0.9, 0.8);
        Assert.Empty(Verdicts(sweep.Log)); // trial 3 still running: the cohort waits
        sweep.Accuracy(3, 0.25, 0.6);
        var events = sweep.Pause(3, 25);

        Assert.Equal([(sweep.Id(1), "resume"), (sweep.Id(2), "resume"), (sweep.Id(0), "stop"), (sweep.Id(3), "stop")], Verdicts(events));
        var first = events.OfType<DecisionMade>().First();
        Assert.Equal("cohort 0: rank 1 of 4 by accuracy at fraction 0.25 (0.9) is within the best 2: resumed", first.Reason);
        Assert.Equal(
            """{"policy":"dodge_cohort","metric":"accuracy","value":0.9,"fraction":0.25,"rank":1,"n":4,"keep":2,"threshold":0.8,"cohort":0,"cohort_size":4,"ended_before":0,"plan":{"t":4,"f":0.25,"p":2,"cost_full_runs":2.5,"cost_steps":250}}""",
            first.EvidenceJson);
        Assert.Contains(new TrialQueued(sweep.Id(1), 0, 2, 1, 2, $"/ck/{sweep.Id(1)}/25", 25), events);
        Assert.Contains(new TrialFinished(sweep.Id(3), 1, TrialState.EarlyStopped, null, 25,
            "cohort 0: rank 4 of 4 by accuracy at fraction 0.25 (0.6) is outside the best 2 (cut-off 0.8)"), events);
        Assert.Equal(
            [TrialState.EarlyStopped, TrialState.Queued, TrialState.Queued, TrialState.EarlyStopped],
            sweep.State.Trials.Select(t => t.State));

        // The survivors restart from their checkpoints without pausing, and the sweep completes.
        var resumed = sweep.AssignAll();
        Assert.Equal(
            [(sweep.Id(1), 2, $"/ck/{sweep.Id(1)}/25", 25L, (double?)null), (sweep.Id(2), 2, $"/ck/{sweep.Id(2)}/25", 25L, null)],
            resumed.Select(s => (s.TrialId, s.Attempt, s.ResumeFrom, s.ResumeStep, s.PauseAtFraction)));
        Assert.DoesNotContain(sweep.Log.Skip(sweep.Log.Count - 2), e => e is DecisionMade);
        sweep.End(1, TrialOutcomeKind.Completed, 100, final: 0.91);
        sweep.End(2, TrialOutcomeKind.Completed, 100, final: 0.85);
        Assert.Equal("completed", sweep.State.Status);
    }

    [Fact]
    public void OnEnded_TiedValues_BrokenByExpansionOrder()
    {
        var sweep = FourKeepTwo();
        sweep.AssignAll();

        ReachAndPause(sweep, 0.8, 0.9, 0.8, 0.8);

        Assert.Equal([(sweep.Id(1), "resume"), (sweep.Id(0), "resume"), (sweep.Id(2), "stop"), (sweep.Id(3), "stop")], Verdicts(sweep.Log));
    }

    [Fact]
    public void OnEnded_NaNValidation_RanksLast()
    {
        var sweep = FourKeepTwo();
        sweep.AssignAll();

        ReachAndPause(sweep, double.NaN, 0.6, 0.7, 0.65);

        Assert.Equal([(sweep.Id(2), "resume"), (sweep.Id(3), "resume"), (sweep.Id(1), "stop"), (sweep.Id(0), "stop")], Verdicts(sweep.Log));
        Assert.Contains("(NaN)", sweep.Trial(0).Message);
    }

    [Fact]
    public void OnEnded_TrialsEndingBeforeFraction_AreNotRankedAndFewerThanKeepAllContinue()
    {
        var sweep = new ScriptedSweep(4, true, Policy("dodge_cohort", ("fraction", "0.25"), ("keep", "3")));
        sweep.AssignAll();
        sweep.End(0, TrialOutcomeKind.Failed, 10);
        sweep.Metric(1, 12, 0.12, "loss", double.NaN);
        sweep.End(1, TrialOutcomeKind.Stopped, 12);
        sweep.Accuracy(2, 0.25, 0.7);
        sweep.Pause(2, 25);
        sweep.Accuracy(3, 0.25, 0.75);

        var events = sweep.Pause(3, 25);

        Assert.Equal([(sweep.Id(3), "resume"), (sweep.Id(2), "resume")], Verdicts(events));
        var d = events.OfType<DecisionMade>().Last();
        Assert.Equal("cohort 0: rank 2 of 2 by accuracy at fraction 0.25 (0.7); 2 paused for 3 places: all continue", d.Reason);
        Assert.Contains("\"threshold\":null", d.EvidenceJson);
        Assert.Contains("\"ended_before\":2", d.EvidenceJson);
        Assert.Equal([TrialState.Failed, TrialState.Diverged, TrialState.Queued, TrialState.Queued], sweep.State.Trials.Select(t => t.State));
    }

    [Fact]
    public void OnEnded_PauseBeforeFraction_IsRequeuedAndPausesAgainAsNextAttempt()
    {
        var sweep = FourKeepTwo();
        sweep.AssignAll();
        sweep.Accuracy(0, 0.1, 0.6);

        // The node shut down and paused the trial before its pause point: not the policy's pause.
        var events = sweep.Pause(0, 10);

        Assert.Equal([new TrialQueued(sweep.Id(0), 0, 1, 1, 2, $"/ck/{sweep.Id(0)}/10", 10)], events);
        var restart = Assert.Single(sweep.AssignAll());
        Assert.Equal((2, 0.25), (restart.Attempt, restart.PauseAtFraction));
        Assert.Equal((2, DecisionActions.Pause), (sweep.Log.OfType<DecisionMade>().Last().Attempt, sweep.Log.OfType<DecisionMade>().Last().Action));
    }

    [Fact]
    public void OnEnded_CohortSizeTwo_EachCohortDecidesOnItsOwn()
    {
        var sweep = new ScriptedSweep(4, true, Policy("dodge_cohort", ("fraction", "0.25"), ("keep", "1"), ("cohort_size", "2")));
        sweep.AssignAll();

        ReachAndPause(sweep, 0.6, 0.7);
        Assert.Equal([(sweep.Id(1), "resume"), (sweep.Id(0), "stop")], Verdicts(sweep.Log));
        sweep.Accuracy(2, 0.25, 0.9);
        sweep.Pause(2, 25);
        sweep.Accuracy(3, 0.25, 0.8);
        var events = sweep.Pause(3, 25);

        Assert.Equal([(sweep.Id(2), "resume"), (sweep.Id(3), "stop")], Verdicts(events));
        Assert.StartsWith("cohort 1: rank 2 of 2", sweep.Trial(3).Message);
    }

    [Fact]
    public void OnRecovered_RestartBetweenPauseAndResume_DecidesExactlyOnce()
    {
        var sweep = FourKeepTwo();
        sweep.AssignAll();
        ReachAndPause(sweep, 0.7, 0.9, 0.8, 0.6);
        var firstVerdict = sweep.Log.FindIndex(e => e is DecisionMade { Action: DecisionActions.Resume or DecisionActions.Stop });
        var original = sweep.Log.Skip(firstVerdict).ToList();

        // The journal ends with every trial paused and no verdict: a fresh state re-derives it on recovery.
        var recovered = sweep.Replay(firstVerdict);
        Assert.All(recovered.Trials, t => Assert.Equal(TrialState.Paused, t.State));
        var first = new Effects(recovered);
        recovered.OnRecovered(first);
        var second = new Effects(recovered);
        recovered.OnRecovered(second);

        Assert.Equal(original, first.Events);
        Assert.Equal(2, first.Events.OfType<DecisionMade>().Count(d => d.Action == DecisionActions.Resume));
        Assert.Empty(second.Events);
        Assert.Empty(second.Commands);
    }

    [Fact]
    public void OnRecovered_JournalAlreadyHoldsTheVerdicts_DecidesNothing()
    {
        var sweep = FourKeepTwo();
        sweep.AssignAll();
        ReachAndPause(sweep, 0.7, 0.9, 0.8, 0.6);

        var recovered = sweep.Replay();
        var fx = new Effects(recovered);
        recovered.OnRecovered(fx);

        Assert.Empty(fx.Events);
        Assert.Equal(sweep.State.Trials.Select(t => (t.State, t.Attempt)), recovered.Trials.Select(t => (t.State, t.Attempt)));
    }

    [Fact]
    public void Assign_BudgetPlanner_UsesPlannedFractionAndKeepAndRecordsThePlan()
    {
        // x = 4 full runs, t = 10: p = round(4/2) = 2, f = (x − p)/(t − p) = 2/8 = 0.25; cost 10·0.25 + 2·0.75 = 4.
        var sweep = new ScriptedSweep(10, true, Policy("dodge_cohort", ("budget", "4")));

        var starts = sweep.AssignAll();
        ReachAndPause(sweep, 0.50, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59);

        Assert.All(starts, s => Assert.Equal(0.25, s.PauseAtFraction));
        Assert.Equal([(sweep.Id(9), "resume"), (sweep.Id(8), "resume")], Verdicts(sweep.Log).Take(2));
        Assert.Equal(8, Verdicts(sweep.Log).Count(v => v.Action == "stop"));
        Assert.EndsWith(
            "\"plan\":{\"t\":10,\"f\":0.25,\"p\":2,\"cost_full_runs\":4,\"cost_steps\":400,\"budget\":4}}",
            sweep.Log.OfType<DecisionMade>().Last().EvidenceJson);
    }
}
