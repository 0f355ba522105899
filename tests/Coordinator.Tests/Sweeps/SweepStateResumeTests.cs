using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using static SweepCluster.Coordinator.Tests.Sweeps.SweepStateScript;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary><see cref="SweepState.Resume"/> and the fold of <see cref="SweepResumed"/>: which trials a resume reopens.</summary>
public sealed class SweepStateResumeTests
{
    private const string Node = "n1";

    [Fact]
    public void Resume_AfterCancel_RequeuesOnlyTrialsTheCancelEndedFromTheirLastCheckpoint()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1, 2, 3, 4, 5]));
        Run(state, log, fx => state.Assign([(Node, 0), (Node, 1), (Node, 2), (Node, 3)], fx));
        Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialEndedEvent(1, Id(1), 1, TrialOutcomeKind.Completed, 0.8, 10, null, null), fx);
            state.OnNodeEvent(Node, new TrialEndedEvent(2, Id(2), 1, TrialOutcomeKind.Failed, null, 3, null, "boom"), fx);
            state.OnNodeEvent(Node, new TrialCheckpointedEvent(3, Id(4), 1, 6, 0.6, "/ck/6"), fx);
        });
        Run(state, log, fx => Assert.True(state.StopTrial(Id(3), "stopped by user", fx)));
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialEndedEvent(4, Id(3), 1, TrialOutcomeKind.Stopped, null, 2, null, null), fx));
        Run(state, log, fx => state.Cancel("cancelled by user", fx));
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialEndedEvent(5, Id(4), 1, TrialOutcomeKind.Stopped, null, 7, null, null), fx));
        Assert.Equal(("cancelled", true), (state.Status, state.AllTerminal));

        int? requeued = null;
        var fx = Run(state, log, fx => requeued = state.Resume("resumed by user", fx));

        // Trial 4 was running (checkpoint at step 6), trial 5 queued; trial 3 was stopped on its own and stays.
        Assert.Equal(2, requeued);
        Assert.Equal(
            [
                new SweepResumed("resumed by user"),
                new TrialQueued(Id(4), 0, 1, 4, 2, "/ck/6", 6),
                new TrialQueued(Id(5), 0, 1, 5, 2, null, 0),
            ],
            fx.Events);
        Assert.Empty(fx.Commands);
        Assert.Equal("running", state.Status);
        Assert.Equal(2, state.Demand());
        Assert.Equal(
            "1:Completed:1:0.8:;2:Failed:1::boom;3:Cancelled:1::stopped by user;4:Queued:2::;5:Queued:2::",
            Shape(state));
        Assert.Equal(Shape(state), Shape(Replay(state, log)));
    }

    [Fact]
    public void Resume_ThenCancelAndResumeAgain_ReopensTheSameTrialsAsAThirdAttempt()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1, 2]));
        Run(state, log, fx => state.Cancel("first", fx));
        Run(state, log, fx => state.Resume("again", fx));
        Run(state, log, fx => state.Cancel("second", fx));

        int? requeued = null;
        var fx = Run(state, log, fx => requeued = state.Resume("and again", fx));

        Assert.Equal(2, requeued);
        Assert.Equal([3, 3], fx.Events.OfType<TrialQueued>().Select(q => q.Attempt));
        Assert.Equal(Shape(state), Shape(Replay(state, log)));
    }

    [Fact]
    public void Resume_TrialStillStoppingForTheCancel_GoesOnAndItsStoppedAnswerRequeuesIt()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1, 2]));
        Run(state, log, fx => state.Assign([(Node, 0), (Node, 1)], fx));
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialCheckpointedEvent(1, Id(1), 1, 4, 0.4, "/ck/4"), fx));
        Run(state, log, fx => state.Cancel("cancelled by user", fx));

        int? requeued = null;
        var resumed = Run(state, log, fx => requeued = state.Resume("resumed by user", fx));
        var ended = Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialEndedEvent(2, Id(1), 1, TrialOutcomeKind.Stopped, null, 5, null, "stopped"), fx);
            state.OnNodeEvent(Node, new TrialEndedEvent(3, Id(2), 1, TrialOutcomeKind.Completed, 0.9, 10, null, null), fx);
        });

        Assert.Equal(0, requeued);
        Assert.Equal([new SweepResumed("resumed by user")], resumed.Events);
        Assert.Equal(
            [
                new TrialQueued(Id(1), 0, 1, 1, 2, "/ck/4", 4),
                new TrialFinished(Id(2), 1, TrialState.Completed, 0.9, 10, null),
            ],
            ended.Events);
        Assert.Equal("running", state.Status);
        Assert.Equal(Shape(state), Shape(Replay(state, log)));
    }

    [Fact]
    public void Resume_CancelledWithNothingToRerun_CompletesTheSweep()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        Run(state, log, fx => state.Cancel("cancelled by user", fx));
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialEndedEvent(1, Id(1), 1, TrialOutcomeKind.Completed, 0.7, 10, null, null), fx));

        int? requeued = null;
        var fx = Run(state, log, fx => requeued = state.Resume("resumed by user", fx));

        Assert.Equal(0, requeued);
        Assert.Equal([new SweepResumed("resumed by user"), new SweepCompleted()], fx.Events);
        Assert.Equal("completed", state.Status);
    }

    [Fact]
    public void Resume_RunningOrCompletedSweep_EmitsNothingAndReturnsNull()
    {
        var (running, runningLog) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        var (completed, completedLog) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(completed, completedLog, fx => completed.Assign([(Node, 0)], fx));
        Run(completed, completedLog, fx => completed.OnNodeEvent(Node, new TrialEndedEvent(1, Id(1), 1, TrialOutcomeKind.Completed, 0.7, 10, null, null), fx));

        int? a = 0, b = 0;
        var first = Run(running, runningLog, fx => a = running.Resume("r", fx));
        var second = Run(completed, completedLog, fx => b = completed.Resume("r", fx));

        Assert.Equal((null, null), (a, b));
        Assert.Empty(first.Events);
        Assert.Empty(second.Events);
        Assert.Equal(("running", "completed"), (running.Status, completed.Status));
    }

    [Fact]
    public void Apply_TrialQueuedForACancelledTrialWithoutResume_IsIgnored()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Cancel("cancelled by user", fx));

        state.Apply(new TrialQueued(Id(1), 0, 1, 1, 2, null, 0));

        Assert.Equal((TrialState.Cancelled, 1), (state.Find(Id(1))!.State, state.Find(Id(1))!.Attempt));
    }

    private static string Id(int d) => $"test/c0-w1-d{d}";

    private static string Shape(SweepState s) =>
        string.Join(";", s.Trials.Select(t => $"{t.Key.OrderSeed}:{t.State}:{t.Attempt}:{t.FinalMetric}:{t.Message}"));

    private static SweepState Replay(SweepState original, List<SweepEvent> log)
    {
        var spec = original.Spec!;
        var replayed = new SweepState(original.SweepId, _ => spec);
        foreach (var e in log)
        {
            replayed.Apply(e);
        }

        return replayed;
    }
}
