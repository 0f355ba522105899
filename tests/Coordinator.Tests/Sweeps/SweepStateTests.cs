using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using static SweepCluster.Coordinator.Tests.Sweeps.SweepStateScript;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class SweepStateTests
{
    private const string Node = "n1";

    private static string Id(int wi, int d) => $"test/c0-w{wi}-d{d}";

    [Fact]
    public void Submit_FactorialSpec_QueuesEveryTrialInExpansionOrder()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1, 2], order: [5, 6]));

        Assert.IsType<SweepSubmitted>(log[0]);
        Assert.Equal([Id(1, 5), Id(1, 6), Id(2, 5), Id(2, 6)], log.Skip(1).Cast<TrialQueued>().Select(q => q.TrialId));
        Assert.All(log.Skip(1).Cast<TrialQueued>(), q => Assert.Equal(1, q.Attempt));
        Assert.Equal(4, state.Demand());
        Assert.Equal("running", state.Status);
    }

    [Fact]
    public void Assign_TwoGrants_AssignsFirstQueuedTrialsAndEmitsStartCommands()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated());

        string?[] bound = [];
        var fx = Run(state, log, fx => bound = [.. state.Assign([(Node, 0), ("n2", 3)], fx)]);

        Assert.Equal([Id(1, 1), Id(1, 2)], bound.Select(b => b ?? "<unbound>"));
        Assert.Equal([new TrialAssigned(Id(1, 1), 1, Node, 0), new TrialAssigned(Id(1, 2), 1, "n2", 3)], fx.Events.Cast<TrialAssigned>());
        var start = Assert.IsType<StartTrialCommand>(fx.Commands[1].Command);
        Assert.Equal("n2", fx.Commands[1].NodeId);
        Assert.Equal((Id(1, 2), 1, 3, 1, 2), (start.TrialId, start.Attempt, start.Slot, start.Key.InitSeed, start.Key.OrderSeed));
        Assert.Equal(2, state.Demand());
        Assert.Equal(2, state.SlotHolders);
    }

    [Fact]
    public void Assign_MaxConcurrentOne_BindsOnlyOneGrant()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(maxConcurrent: 1));

        string?[] bound = [];
        Run(state, log, fx => bound = [.. state.Assign([(Node, 0), (Node, 1)], fx)]);

        Assert.Equal([Id(1, 1), "<unbound>"], bound.Select(b => b ?? "<unbound>"));
        Assert.Equal(0, state.Demand());
    }

    [Fact]
    public void OnNodeEvent_LifecycleWithDuplicateMetric_RecordsMetricOnceAndCompletes()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        var id = Id(1, 1);

        var fx = Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialStartedEvent(1, id, 1), fx);
            state.OnNodeEvent(Node, new TrialMetricEvent(2, id, 1, 5, 0.5, "accuracy", 0.7), fx);
            state.OnNodeEvent(Node, new TrialMetricEvent(2, id, 1, 5, 0.5, "accuracy", 0.7), fx);
            state.OnNodeEvent(Node, new TrialEndedEvent(3, id, 1, TrialOutcomeKind.Completed, 0.8, 10, null, null), fx);
        });

        Assert.Equal(
            [
                new TrialStarted(id, 1),
                new MetricReported(id, 1, 5, 0.5, "accuracy", 0.7),
                new TrialFinished(id, 1, TrialState.Completed, 0.8, 10, null),
                new SweepCompleted(),
            ],
            fx.Events);
        Assert.Equal([id], state.DrainReleased().Select(t => t.TrialId));
        Assert.Equal("completed", state.Status);
    }

    [Fact]
    public void OnNodeEvent_BatchRedeliveredBeforeAndAfterTheEnd_JournalsEachEventOnce()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        var id = Id(1, 1);
        NodeEvent[] batch =
        [
            new TrialStartedEvent(1, id, 1),
            new TrialMetricEvent(2, id, 1, 5, 0.5, "accuracy", 0.7),
            new TrialCheckpointedEvent(3, id, 1, 5, 0.5, "/ck/5"),
            new TrialCheckpointedEvent(4, id, 1, 10, 1.0, "/ck/10"),
            new TrialCheckpointedEvent(5, id, 1, 10, 1.0, "/model"),
        ];
        NodeEvent end = new TrialEndedEvent(6, id, 1, TrialOutcomeKind.Completed, 0.8, 10, null, null);

        // An acknowledgement lost on the wire, then a node restart redelivering from its outbox.
        var first = Run(state, log, fx => Array.ForEach(batch, e => state.OnNodeEvent(Node, e, fx)));
        var again = Run(state, log, fx => Array.ForEach(batch, e => state.OnNodeEvent(Node, e, fx)));
        var recovered = new SweepState(state.SweepId, _ => TestSpecs.Simulated(init: [1], order: [1]));
        log.ForEach(recovered.Apply);
        var afterCoordinatorRestart = Run(recovered, [], fx => Array.ForEach(batch, e => recovered.OnNodeEvent(Node, e, fx)));
        var ended = Run(state, log, fx => Array.ForEach([.. batch, end], e => state.OnNodeEvent(Node, e, fx)));
        var afterEnd = Run(state, log, fx => Array.ForEach([.. batch, end], e => state.OnNodeEvent(Node, e, fx)));

        Assert.Equal(
            [
                new TrialStarted(id, 1), new MetricReported(id, 1, 5, 0.5, "accuracy", 0.7), new TrialCheckpointed(id, 1, 5, 0.5, "/ck/5"),
                new TrialCheckpointed(id, 1, 10, 1.0, "/ck/10"), new TrialCheckpointed(id, 1, 10, 1.0, "/model"),
            ],
            first.Events);
        Assert.Equal(("/model", 10L), (state.Find(id)!.LastCheckpoint, state.Find(id)!.LastCheckpointStep));
        Assert.Empty(again.Events);
        Assert.Empty(afterCoordinatorRestart.Events);
        Assert.Equal([new TrialFinished(id, 1, TrialState.Completed, 0.8, 10, null), new SweepCompleted()], ended.Events);
        Assert.Empty(afterEnd.Events);
        Assert.Empty(again.Commands.Concat(ended.Commands).Concat(afterEnd.Commands));
    }

    [Fact]
    public void OnNodeEvent_NonFiniteLoss_DecidesDivergedStopsAndEndsDiverged()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        var id = Id(1, 1);

        var fx = Run(state, log, fx => state.OnNodeEvent(Node, new TrialMetricEvent(1, id, 1, 3, 0.3, "loss", double.NaN), fx));

        var decision = Assert.Single(fx.Events.OfType<DecisionMade>());
        Assert.Equal(("divergence", DecisionActions.Diverged, "non-finite loss (NaN) at step 3"), (decision.Policy, decision.Action, decision.Reason));
        var stop = Assert.IsType<StopTrialCommand>(Assert.Single(fx.Commands).Command);
        Assert.Equal((id, 1), (stop.TrialId, stop.Attempt));

        var end = Run(state, log, fx => state.OnNodeEvent(Node, new TrialEndedEvent(2, id, 1, TrialOutcomeKind.Stopped, null, 3, null, "stopped"), fx));
        Assert.Equal(new TrialFinished(id, 1, TrialState.Diverged, null, 3, "non-finite loss (NaN) at step 3"), end.Events[0]);
    }

    [Fact]
    public void OnNodeEvent_UnsolicitedStopWithCheckpoint_RequeuesNextAttemptResumingThere()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        var id = Id(1, 1);

        var fx = Run(state, log, fx => state.OnNodeEvent(Node, new TrialEndedEvent(1, id, 1, TrialOutcomeKind.Paused, null, 4, "/ck/4", "node is shutting down"), fx));

        Assert.Equal([new TrialQueued(id, 0, 1, 1, 2, "/ck/4", 4)], fx.Events);
        Assert.Equal(TrialState.Queued, state.Find(id)!.State);
    }

    [Fact]
    public void OnNodeLost_RunningTrial_IsLostThenRequeuedFromLastCheckpointAndOldAttemptIsFenced()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));
        var id = Id(1, 1);
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialCheckpointedEvent(1, id, 1, 6, 0.6, "/ck/6"), fx));

        var lost = Run(state, log, fx => state.OnNodeLost(Node, fx));
        Assert.Equal([new TrialLost(id, 1, Node, 6), new TrialQueued(id, 0, 1, 1, 2, "/ck/6", 6)], lost.Events);

        // The old attempt finishing late changes nothing and is told to stop talking.
        var late = Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialMetricEvent(2, id, 1, 8, 0.8, "accuracy", 0.9), fx);
            state.OnNodeEvent(Node, new TrialEndedEvent(3, id, 1, TrialOutcomeKind.Completed, 0.9, 10, null, null), fx);
        });
        Assert.Empty(late.Events);
        Assert.Equal(new StopTrialCommand(0, id, 1, "superseded attempt"), Assert.Single(late.Commands).Command);
        Assert.Equal((TrialState.Queued, 2), (state.Find(id)!.State, state.Find(id)!.Attempt));
    }

    [Fact]
    public void OnNodeLost_MaxAttemptsReached_EndsFailed()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1], maxAttempts: 2));
        var id = Id(1, 1);
        for (var i = 0; i < 2; i++)
        {
            Run(state, log, fx => state.Assign([(Node, 0)], fx));
            Run(state, log, fx => state.OnNodeLost(Node, fx));
        }

        var t = state.Find(id)!;
        Assert.Equal(TrialState.Failed, t.State);
        Assert.Equal("lost with its node 2 times (max_attempts 2)", t.Message);
        Assert.Equal("completed", state.Status);
    }

    [Fact]
    public void Reconcile_NodeOwnsOnlyOneOfTwo_LosesTheOtherAndStopsSupersededClaims()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1, 2]));
        Run(state, log, fx => state.Assign([(Node, 0), (Node, 1)], fx));

        var fx = Run(state, log, fx => state.Reconcile(Node, [new RunningTrial(Id(1, 1), 1, 0), new RunningTrial(Id(1, 2), 7, 1)], fx));

        Assert.Equal([new TrialLost(Id(1, 2), 1, Node, 0), new TrialQueued(Id(1, 2), 0, 1, 2, 2, null, 0)], fx.Events);
        Assert.Equal(new StopTrialCommand(0, Id(1, 2), 7, "superseded attempt"), Assert.Single(fx.Commands).Command);
        Assert.Equal(TrialState.Assigned, state.Find(Id(1, 1))!.State);
    }

    [Fact]
    public void Cancel_QueuedAndRunning_QueuedEndCancelledRunningAreStopped()
    {
        var (state, log) = NewSweep(TestSpecs.Simulated(init: [1], order: [1, 2]));
        Run(state, log, fx => state.Assign([(Node, 0)], fx));

        var fx = Run(state, log, fx => state.Cancel("user asked", fx));

        Assert.Equal(new TrialFinished(Id(1, 2), 1, TrialState.Cancelled, null, 0, "user asked"), fx.Events.OfType<TrialFinished>().Single());
        Assert.Equal(new StopTrialCommand(0, Id(1, 1), 1, "user asked"), Assert.Single(fx.Commands).Command);
        Run(state, log, fx => state.OnNodeEvent(Node, new TrialEndedEvent(1, Id(1, 1), 1, TrialOutcomeKind.Stopped, null, 2, null, null), fx));
        Assert.Equal(TrialState.Cancelled, state.Find(Id(1, 1))!.State);
        Assert.Equal("cancelled", state.Status);
        Assert.True(state.AllTerminal);
    }

    [Fact]
    public void Apply_ReplayOfEmittedEvents_RebuildsTheSameState()
    {
        var spec = TestSpecs.Simulated(init: [1, 2], order: [1, 2]);
        var (state, log) = NewSweep(spec);
        Run(state, log, fx => state.Assign([(Node, 0), (Node, 1)], fx));
        Run(state, log, fx =>
        {
            state.OnNodeEvent(Node, new TrialMetricEvent(1, Id(1, 1), 1, 5, 0.5, "accuracy", 0.6), fx);
            state.OnNodeEvent(Node, new TrialEndedEvent(2, Id(1, 1), 1, TrialOutcomeKind.Completed, 0.8, 10, null, null), fx);
            state.OnNodeEvent(Node, new TrialEndedEvent(3, Id(1, 2), 1, TrialOutcomeKind.Failed, null, 2, null, "boom"), fx);
        });
        Run(state, log, fx => state.OnNodeLost(Node, fx));

        var replayed = new SweepState(spec.Name, _ => spec);
        foreach (var e in log)
        {
            replayed.Apply(e);
        }

        static object Shape(SweepState s) => string.Join(";", s.Trials.Select(t => $"{t.TrialId}:{t.State}:{t.Attempt}:{t.FinalMetric}:{t.Message}:{t.Metrics.Count}"));
        Assert.Equal(Shape(state), Shape(replayed));
        Assert.Equal(state.Demand(), replayed.Demand());
        Assert.Equal("test/c0-w1-d1:Completed:1:0.8::1;test/c0-w1-d2:Failed:1::boom:0;test/c0-w2-d1:Queued:1:::0;test/c0-w2-d2:Queued:1:::0", Shape(replayed));
    }
}
