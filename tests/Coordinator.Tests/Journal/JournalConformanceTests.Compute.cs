using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;

namespace SweepCluster.Coordinator.Tests.Journal;

// TrialRow.ComputeSteps: Σ over attempts of (highest step the attempt reached − step it resumed from),
// worked by hand for each way a trial gets a new attempt. Every script runs twice: one append per
// line, checking the compute after each, and all lines as one append (SQLite folds the trial-row
// updates of an append into one write per trial; the result must not differ).
public abstract partial class JournalConformanceTests
{
    [ConditionalFact]
    public async Task ComputeSteps_LostAfterCheckpointResumedThere_StepsPastTheCheckpointCountTwice()
    {
        // Attempt 1 reaches 70 with a checkpoint at 50; attempt 2 resumes at 50 and completes at 100: 70 + 50.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialAssigned(t, 1, "n1", 0), new TrialStarted(t, 1)], 0),
            ([new TrialCheckpointed(t, 1, 50, 0.5, "ck/50"), Step(t, 1, 60), Step(t, 1, 70)], 70),
            ([new TrialLost(t, 1, "n1", 70), Resume(t, 2, "ck/50", 50)], 70),
            // A superseded attempt's late reports change nothing.
            ([Step(t, 1, 90), new TrialFinished(t, 1, TrialState.Completed, 0.5, 90, null)], 70),
            ([new TrialAssigned(t, 2, "n2", 0), new TrialStarted(t, 2), Step(t, 2, 80)], 70 + 30),
            ([Step(t, 2, 100), new TrialFinished(t, 2, TrialState.Completed, 0.9, 100, null)], 70 + 50),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_LostWithoutCheckpoint_SecondAttemptCountsFromZero()
    {
        // Attempt 1 reaches 70 and leaves no checkpoint; attempt 2 re-runs everything to 100: 70 + 100.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialAssigned(t, 1, "n1", 0), new TrialStarted(t, 1), Step(t, 1, 70)], 70),
            ([new TrialLost(t, 1, "n1", 70), Resume(t, 2, null, 0)], 70),
            ([new TrialAssigned(t, 2, "n2", 0), new TrialStarted(t, 2), Step(t, 2, 50)], 70 + 50),
            ([new TrialFinished(t, 2, TrialState.Completed, 0.9, 100, null)], 70 + 100),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_LostAfterProgressPastTheLastMetric_TheLostEventsStepCounts()
    {
        // The coordinator heard progress to 75 (not journaled) after the last metric at 60: TrialLost carries 75.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), new TrialCheckpointed(t, 1, 50, 0.5, "ck/50"), Step(t, 1, 60)], 60),
            ([new TrialLost(t, 1, "n1", 75), Resume(t, 2, "ck/50", 50)], 75),
            ([new TrialStarted(t, 2), new TrialFinished(t, 2, TrialState.Completed, 0.9, 100, null)], 75 + 50),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_PausedThenResumedByPolicy_EveryStepCountsOnce()
    {
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), Step(t, 1, 30), new TrialCheckpointed(t, 1, 30, 0.3, "ck/30")], 30),
            ([new DecisionMade(t, 1, "dodge_cohort", "pause", "at f", "{}"), new TrialPaused(t, 1, 30, "ck/30")], 30),
            ([new DecisionMade(t, 1, "dodge_cohort", "resume", "top p", "{}"), Resume(t, 2, "ck/30", 30)], 30),
            ([new TrialStarted(t, 2), Step(t, 2, 100), new TrialFinished(t, 2, TrialState.Completed, 0.9, 100, null)], 100),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_RunningTrialCancelledWithSweepThenResumed_StepsPastCheckpointCountTwice()
    {
        // Attempt 1: checkpoint at 40, stopped for the cancel at 48. Attempt 2 resumes at 40: 48 + 60.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), new TrialCheckpointed(t, 1, 40, 0.4, "ck/40"), Step(t, 1, 45)], 45),
            ([new SweepCancelled("user"), new DecisionMade(t, 1, "user", "cancel", "user", "{}")], 45),
            ([new TrialFinished(t, 1, TrialState.Cancelled, null, 48, "user")], 48),
            ([new SweepResumed("user"), Resume(t, 2, "ck/40", 40)], 48),
            ([new TrialStarted(t, 2), new TrialFinished(t, 2, TrialState.Completed, 0.9, 100, null)], 48 + 60),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_QueuedRetryCancelledThenResumed_TheUnstartedAttemptAddsNothing()
    {
        // Attempt 1 reaches 70 (checkpoint 50) and is lost; attempt 2 is cancelled while queued (it
        // reached only its resume step, 50); attempt 3 resumes at 50 and completes: 70 + 0 + 50.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), new TrialCheckpointed(t, 1, 50, 0.5, "ck/50"), Step(t, 1, 70)], 70),
            ([new TrialLost(t, 1, "n1", 70), Resume(t, 2, "ck/50", 50)], 70),
            ([new SweepCancelled("user"), new TrialFinished(t, 2, TrialState.Cancelled, null, 50, "user")], 70),
            ([new SweepResumed("user"), Resume(t, 3, "ck/50", 50)], 70),
            ([new TrialStarted(t, 3), new TrialFinished(t, 3, TrialState.Completed, 0.9, 100, null)], 70 + 50),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_StoppedUnaskedWithCheckpointOnlyInItsEnd_NoStepCountsTwice()
    {
        // The node stopped attempt 1 at 65 and checkpointed there; only the requeue (resume step 65)
        // says so. Attempt 1 spent 65 (not just its last metric's 60), attempt 2 the remaining 35.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), Step(t, 1, 60)], 60),
            ([Resume(t, 2, "ck/65", 65)], 65),
            ([new TrialStarted(t, 2), new TrialFinished(t, 2, TrialState.Completed, 0.9, 100, null)], 100),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_LaterReportsOfLowerSteps_TheHighestStepCounts()
    {
        // A checkpoint written at 50 reported after the metric at 70, and an end that knows no step count.
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), Step(t, 1, 70), new TrialCheckpointed(t, 1, 50, 0.5, "ck/50")], 70),
            ([new TrialFinished(t, 1, TrialState.Failed, null, 0, "runner exited with code 1")], 70),
        ]);
    }

    [ConditionalFact]
    public async Task ComputeSteps_RepeatedQueueOfTheSameAttempt_ClosesNothing()
    {
        await AssertComputeAsync(t =>
        [
            ([Queue(t), new TrialStarted(t, 1), Step(t, 1, 70), new TrialLost(t, 1, "n1", 70), Resume(t, 2, "ck/50", 50)], 70),
            ([Resume(t, 2, "ck/50", 50)], 70),
            ([new TrialStarted(t, 2), Step(t, 2, 80), Resume(t, 2, "ck/50", 50)], 70 + 30),
        ]);
    }

    private async Task AssertComputeAsync(Func<string, (SweepEvent[] Events, long Compute)[]> script)
    {
        await using var store = await CreateStoreAsync();
        var lines = script("one/a");
        var computed = new List<long>();
        for (var i = 0; i < lines.Length; i++)
        {
            await store.AppendAsync("one", lines[i].Events, T0.AddSeconds(i));
            computed.Add((await store.GetTrialAsync("one/a"))!.ComputeSteps);
        }

        Assert.Equal(lines.Select(l => l.Compute), computed);

        await store.AppendAsync("all", [.. script("all/a").SelectMany(l => l.Events)], T0);
        Assert.Equal(lines[^1].Compute, (await store.GetTrialAsync("all/a"))!.ComputeSteps);
    }

    private static MetricReported Step(string trialId, int attempt, long step) => new(trialId, attempt, step, step / 100.0, "loss", 0.5);

    private static TrialQueued Resume(string trialId, int attempt, string? checkpoint, long step) => new(trialId, 0, 1, 1, attempt, checkpoint, step);
}
