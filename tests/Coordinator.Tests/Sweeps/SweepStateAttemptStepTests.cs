using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using static SweepCluster.Coordinator.Tests.Sweeps.SweepStateScript;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>
/// <see cref="TrialRecord.AttemptStep"/>: the events that end or lose an attempt carry the step that
/// attempt reached, never an earlier attempt's, so that the query projection counts compute per attempt.
/// </summary>
public sealed class SweepStateAttemptStepTests
{
    private const string Node = "n1";

    [Fact]
    public void OnNodeLost_ProgressPastTheLastMetric_LostCarriesTheProgressStep()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        var id = Id(1);
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialMetricEvent(1, id, 1, 5, 0.5, "accuracy", 0.6), fx);
            state.OnNodeEvent(Node, new TrialProgressEvent(2, id, 1, 8, 10), fx);
        });

        var lost = Run(state, log, fx => state.OnNodeLost(Node, fx));

        Assert.Equal([new TrialLost(id, 1, Node, 8), new TrialQueued(id, 0, 1, 1, 2, null, 0)], lost.Events);
    }

    [Fact]
    public void Cancel_QueuedRetryOfALostTrial_FinishedCarriesTheRetrysResumeStepAlsoAfterReplay()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        var id = Id(1);
        LoseAfterCheckpoint(state, log, id);

        var cancel = Run(state, log, fx => state.Cancel("user", fx));

        // Attempt 1 reached 9; attempt 2 never ran: it is at its resume step, 6.
        Assert.Equal(new TrialFinished(id, 2, TrialState.Cancelled, null, 6, "user"), cancel.Events.OfType<TrialFinished>().Single());
        var replayed = new SweepState("test", _ => TestSpecs.Simulated(init: [1], order: [1]));
        foreach (var e in log)
        {
            replayed.Apply(e);
        }

        Assert.Equal((9L, 6L), (replayed.Find(id)!.Step, replayed.Find(id)!.AttemptStep));
    }

    [Fact]
    public void StopTrial_QueuedRetryOfALostTrial_FinishedCarriesTheRetrysResumeStep()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        var id = Id(1);
        LoseAfterCheckpoint(state, log, id);

        var stop = Run(state, log, fx => Assert.True(state.StopTrial(id, "user", fx)));

        Assert.Equal(new TrialFinished(id, 2, TrialState.Cancelled, null, 6, "user"), stop.Events.OfType<TrialFinished>().Single());
    }

    [Fact]
    public void OnNodeLost_MaxAttemptsReached_FailedCarriesTheLastAttemptsStep()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1], maxAttempts: 2));
        var id = Id(1);
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialMetricEvent(1, id, 1, 9, 0.9, "accuracy", 0.6), fx));
        Run(state, log, fx => state.OnNodeLost(Node, fx));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialMetricEvent(2, id, 2, 4, 0.4, "accuracy", 0.5), fx));

        var lost = Run(state, log, fx => state.OnNodeLost(Node, fx));

        // Attempt 2 restarted from 0 (no checkpoint) and reached 4; attempt 1's 9 is not its.
        Assert.Equal(
            [new TrialLost(id, 2, Node, 4), new TrialFinished(id, 2, TrialState.Failed, null, 4, "lost with its node 2 times (max_attempts 2)")],
            lost.Events.Take(2));
    }

    /// <summary>Attempt 1 checkpoints at 6, reports step 9 and is lost; attempt 2 is queued from the checkpoint.</summary>
    private static void LoseAfterCheckpoint(SweepState state, List<SweepEvent> log, string id)
    {
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialCheckpointedEvent(1, id, 1, 6, 0.6, "/ck/6"), fx);
            state.OnNodeEvent(Node, new TrialMetricEvent(2, id, 1, 9, 0.9, "accuracy", 0.6), fx);
        });
        var lost = Run(state, log, fx => state.OnNodeLost(Node, fx));
        Assert.Equal([new TrialLost(id, 1, Node, 9), new TrialQueued(id, 0, 1, 1, 2, "/ck/6", 6)], lost.Events);
    }

    private static string Id(int order) => $"test/c0-w1-d{order}";
}
