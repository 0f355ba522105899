using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;
using static SweepCluster.Coordinator.Tests.Journal.SweepLifeScript;

namespace SweepCluster.Coordinator.Tests.Journal;

// The query tables, driven by the scripted life of a sweep (SweepLifeScript) and small scenarios.
public abstract partial class JournalConformanceTests
{
    [ConditionalFact]
    public async Task ListTrialsAsync_MidLife_ExactRows()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store, MidLifeStep);

        Assert.Equal(
        [
            new TrialRow(X, SweepId, 0, 3, 1, TrialState.Running, 1, Node1, 10, 0.1, 10, "val_acc", 0.6, null, null, null, At(4)),
            new TrialRow(Y, SweepId, 0, 1, 2, TrialState.Paused, 1, Node1, 10, 0.1, 10, "val_acc", 0.4, null, "ckpt/y-10", "below median at 0.1", At(5)),
            new TrialRow(Z, SweepId, 1, 2, 2, TrialState.Diverged, 1, Node2, 10, 0.1, 10, "loss", double.NaN, null, null, "non-finite loss", At(6)),
            new TrialRow(U, SweepId, 0, 1, 1, TrialState.Lost, 1, Node2, 10, 0.1, 14, "val_acc", 0.5, null, "ckpt/u-10", null, At(6)),
            new TrialRow(V, SweepId, 1, 1, 1, TrialState.Queued, 1, null, 0, 0, 0, null, null, null, null, null, At(1)),
            new TrialRow(W, SweepId, 1, 3, 3, TrialState.Queued, 1, null, 0, 0, 0, null, null, null, null, null, At(1)),
        ],
            await store.ListTrialsAsync(SweepId));
        AssertCounts((await store.GetSweepAsync(SweepId))!, queued: 2, running: 1, paused: 1, lost: 1, diverged: 1);
    }

    [ConditionalFact]
    public async Task ListTrialsAsync_EndOfLife_ExactRowsForEveryTerminalState()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        TrialRow[] expected =
        [
            // Compute of X: its end reports 100 steps, past its last metric at 20.
            new(X, SweepId, 0, 3, 1, TrialState.Completed, 1, Node1, 20, 0.2, 100, "val_acc", 0.7, 0.7, null, null, At(9)),
            new(Y, SweepId, 0, 1, 2, TrialState.EarlyStopped, 1, Node1, 10, 0.1, 10, "val_acc", 0.4, 0.4, "ckpt/y-10", "still below median", At(9)),
            new(Z, SweepId, 1, 2, 2, TrialState.Diverged, 1, Node2, 10, 0.1, 10, "loss", double.NaN, null, null, "non-finite loss", At(6)),
            // Compute of U: attempt 1 reached 14 (its loss), attempt 2 resumed at 10 and failed at 20.
            new(U, SweepId, 0, 1, 1, TrialState.Failed, 2, Node1, 20, 0.2, 14 + 10, "val_acc", 0.52, null, "ckpt/u-10", "runner exited with code 1", At(10)),
            new(V, SweepId, 1, 1, 1, TrialState.Cancelled, 1, null, 0, 0, 0, null, null, null, null, "cancelled by user", At(10)),
            new(W, SweepId, 1, 3, 3, TrialState.Queued, 1, null, 0, 0, 0, null, null, null, null, null, At(1)),
        ];
        Assert.Equal(expected, await store.ListTrialsAsync(SweepId));
        Assert.Equal([expected[3]], await store.ListTrialsAsync(SweepId, TrialState.Failed));
        Assert.Equal([expected[5]], await store.ListTrialsAsync(SweepId, TrialState.Queued));
        Assert.Empty(await store.ListTrialsAsync(SweepId, TrialState.Running));
    }

    [ConditionalFact]
    public async Task GetTrialAsync_EndOfLife_SameRowAsTheListAndNullForUnknown()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        var listed = (await store.ListTrialsAsync(SweepId)).Single(t => t.TrialId == U);
        Assert.Equal(listed, await store.GetTrialAsync(U));
        Assert.Equal(2, listed.Attempt);
        Assert.Null(await store.GetTrialAsync(SweepId + "/c9-w9-d9"));
    }

    [ConditionalFact]
    public async Task ListTrialsPageAsync_FiltersAndOffsets_ExpansionOrderAndMatchingTotal()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        // Expansion order X, Y, Z, U, V, W; seeds (init, order): X (3, 1), Y (1, 2), Z (2, 2), U (1, 1), V (1, 1), W (3, 3).
        async Task<(int, string)> Page(TrialFilter filter, int offset, int limit)
        {
            var page = await store.ListTrialsPageAsync(SweepId, filter, offset, limit);
            return (page.Total, string.Join(" ", page.Items.Select(t => t.TrialId)));
        }

        static string Ids(params string[] ids) => string.Join(" ", ids);

        Assert.Equal((6, Ids(Y, Z)), await Page(new TrialFilter(), 1, 2));
        Assert.Equal((6, Ids(X, Y, Z, U, V, W)), await Page(new TrialFilter(), 0, 100));
        Assert.Equal((6, Ids()), await Page(new TrialFilter(), 6, 10));
        Assert.Equal((3, Ids(Y, U, V)), await Page(new TrialFilter(InitSeed: 1), 0, 10));
        Assert.Equal((3, Ids(V)), await Page(new TrialFilter(InitSeed: 1), 2, 10));
        Assert.Equal((2, Ids(Y, Z)), await Page(new TrialFilter(OrderSeed: 2), 0, 10));
        Assert.Equal((2, Ids(U, V)), await Page(new TrialFilter(null, 1, 1), 0, 10));
        Assert.Equal((1, Ids(W)), await Page(new TrialFilter(TrialState.Queued, 3), 0, 10));
        Assert.Equal((0, Ids()), await Page(new TrialFilter(TrialState.Queued, 1), 0, 10));
        Assert.Equal((1, Ids(U)), await Page(new TrialFilter(TrialState.Failed), 0, 10));
        Assert.Equal((0, Ids()), await Page(new TrialFilter(TrialState.Running), 0, 10));
    }

    [ConditionalFact]
    public async Task ListTrialsPageAsync_UnknownSweep_EmptyWithTotalZero()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        var page = await store.ListTrialsPageAsync("nope", new TrialFilter(), 0, 10);

        Assert.Equal((0, 0), (page.Total, page.Items.Count));
    }

    [ConditionalFact]
    public async Task GetSweepAsync_EndOfLife_RowWithCountsFromTrials()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        var sweep = (await store.GetSweepAsync(SweepId))!;

        Assert.Equal((SweepId, "demo", "running", 6, At(0), At(Steps.Count - 1), Spec),
            (sweep.SweepId, sweep.Name, sweep.Status, sweep.TrialCount, sweep.SubmittedAt, sweep.UpdatedAt, sweep.SpecYaml));
        AssertCounts(sweep, queued: 1, completed: 1, earlyStopped: 1, diverged: 1, failed: 1, cancelled: 1);
    }

    [ConditionalFact]
    public async Task ListMetricsAsync_EndOfLife_EveryAttemptOrdered()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        MetricRow[] u = [new(U, 1, 10, 0.1, "val_acc", 0.5), new(U, 1, 12, 0.12, "val_acc", 0.55), new(U, 2, 20, 0.2, "val_acc", 0.52)];
        Assert.Equal(u, await store.ListMetricsAsync(U));
        Assert.Equal(
        [
            new(X, 1, 10, 0.1, "loss", 0.9), new(X, 1, 10, 0.1, "val_acc", 0.6), new(X, 1, 20, 0.2, "val_acc", 0.7),
            new(Y, 1, 10, 0.1, "val_acc", 0.4),
            new(Z, 1, 10, 0.1, "loss", double.NaN),
            .. u,
        ],
            await store.ListSweepMetricsAsync(SweepId));
        Assert.Empty(await store.ListMetricsAsync(W));
    }

    [ConditionalFact]
    public async Task ListDecisionsAsync_EndOfLife_InOrderMade()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store);

        Assert.Equal(
        [
            new DecisionRow(Y, 1, "median", "pause", "below median at 0.1", "{\"median\":0.5}", At(5)),
            new DecisionRow(Y, 1, "median", "stop", "still below median", "{}", At(9)),
        ],
            await store.ListDecisionsAsync(Y));
        Assert.Equal([new DecisionRow(Z, 1, "divergence", "stop", "non-finite loss", "{\"loss\":\"NaN\"}", At(6))], await store.ListDecisionsAsync(Z));
        Assert.Empty(await store.ListDecisionsAsync(X));
    }

    [ConditionalFact]
    public async Task ListTrialsAsync_EventsOfSupersededAttempt_DoNotMoveTrial()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("s", [Queue("s/a"), new TrialAssigned("s/a", 1, "n1", 0), new TrialStarted("s/a", 1), new TrialLost("s/a", 1, "n1", 0)], T0);
        await store.AppendAsync("s", [Queue("s/a", attempt: 2), new TrialAssigned("s/a", 2, "n2", 0)], T0.AddSeconds(1));

        await store.AppendAsync("s",
        [
            new TrialStarted("s/a", 1), new MetricReported("s/a", 1, 50, 0.5, "loss", 0.3), new TrialCheckpointed("s/a", 1, 50, 0.5, "old"),
            new TrialPaused("s/a", 1, 50, "old"), new DecisionMade("s/a", 1, "median", "stop", "stale", "{}"),
            new TrialFinished("s/a", 1, TrialState.Completed, 0.9, 50, "stale"),
        ], T0.AddSeconds(2));

        Assert.Equal(
            [new TrialRow("s/a", "s", 0, 1, 1, TrialState.Assigned, 2, "n2", 0, 0, 0, null, null, null, null, null, T0.AddSeconds(1))],
            await store.ListTrialsAsync("s"));
        Assert.Equal([new MetricRow("s/a", 1, 50, 0.5, "loss", 0.3)], await store.ListMetricsAsync("s/a"));
        Assert.Single(await store.ListDecisionsAsync("s/a"));
    }

    [ConditionalFact]
    public async Task GetSweepAsync_CancelledOrCompleted_StatusAndOpenTrialsCancelled()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("c", [new SweepSubmitted("c", "to cancel", "", "/", 3), Queue("c/a"), Queue("c/b"), Queue("c/d")], T0);
        await store.AppendAsync("c", [new TrialStarted("c/b", 1), new TrialFinished("c/d", 1, TrialState.Completed, 0.5, 9, null)], T0.AddSeconds(1));
        await store.AppendAsync("k", [new SweepSubmitted("k", "to complete", "", "/", 0)], T0);

        await store.AppendAsync("c", [new SweepCancelled("user asked")], T0.AddSeconds(2));
        await store.AppendAsync("k", [new SweepCompleted()], T0.AddSeconds(3));

        var cancelled = (await store.GetSweepAsync("c"))!;
        Assert.Equal(("cancelled", T0.AddSeconds(2)), (cancelled.Status, cancelled.UpdatedAt));
        AssertCounts(cancelled, completed: 1, cancelled: 2);
        Assert.Equal(
            [("c/a", TrialState.Cancelled, "user asked"), ("c/b", TrialState.Cancelled, "user asked"), ("c/d", TrialState.Completed, null)],
            (await store.ListTrialsAsync("c")).Select(t => (t.TrialId, t.State, t.Reason)));
        var completed = (await store.GetSweepAsync("k"))!;
        Assert.Equal(("completed", T0.AddSeconds(3)), (completed.Status, completed.UpdatedAt));
        AssertCounts(completed);
    }

    [ConditionalFact]
    public async Task GetSweepAsync_ResumedAfterCancel_RunningWithTheReopenedTrialQueuedAgain()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("r", [new SweepSubmitted("r", "to resume", "", "/", 2), Queue("r/a"), Queue("r/b")], T0);
        await store.AppendAsync("r", [new TrialCheckpointed("r/a", 1, 5, 0.5, "ck/5"), new SweepCancelled("user asked")], T0.AddSeconds(1));

        await store.AppendAsync("r", [new SweepResumed("resumed"), new TrialQueued("r/a", 0, 1, 1, 2, "ck/5", 5)], T0.AddSeconds(2));

        var sweep = (await store.GetSweepAsync("r"))!;
        Assert.Equal(("running", T0.AddSeconds(2)), (sweep.Status, sweep.UpdatedAt));
        AssertCounts(sweep, queued: 1, cancelled: 1);
        Assert.Equal(
            [("r/a", TrialState.Queued, 2, "ck/5"), ("r/b", TrialState.Cancelled, 1, null)],
            (await store.ListTrialsAsync("r")).Select(t => (t.TrialId, t.State, t.Attempt, t.Checkpoint)));
    }

    [ConditionalFact]
    public async Task ListSweepStreamsAsync_SeveralSweepsAndClusterEvents_SubmissionOrderWithoutCluster()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("zeta", [new SweepSubmitted("zeta", "z", "", "/", 0)], T0);
        await store.AppendAsync(Streams.Cluster, [new NodeJoined("n1", 1, "builtin")], T0.AddSeconds(1));
        await store.AppendAsync("alpha", [new SweepSubmitted("alpha", "a", "", "/", 0)], T0.AddSeconds(2));
        await store.AppendAsync("zeta", [new SweepCompleted()], T0.AddSeconds(3));
        await store.AppendAsync("mid", [new SweepSubmitted("mid", "m", "", "/", 0)], T0.AddSeconds(4));

        Assert.Equal(["zeta", "alpha", "mid"], await store.ListSweepStreamsAsync());
        Assert.Equal(["zeta", "alpha", "mid"], (await store.ListSweepsAsync()).Select(s => s.SweepId));
        Assert.Equal(1, await store.HighestSequenceAsync(Streams.Cluster));
    }

    [ConditionalFact]
    public async Task ListNodesAsync_JoinLoseRejoin_ExactRows()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Streams.Cluster, [new NodeJoined("n2", 1, "builtin,command")], T0);
        await store.AppendAsync(Streams.Cluster, [new NodeJoined("n1", 2, "builtin")], T0.AddSeconds(1));
        await store.AppendAsync(Streams.Cluster, [new NodeLost("n2", "lease expired")], T0.AddSeconds(2));

        Assert.Equal(
            [new NodeRow("n1", 2, "builtin", "alive", T0.AddSeconds(1)), new NodeRow("n2", 1, "builtin,command", "lost", T0)],
            await store.ListNodesAsync());

        await store.AppendAsync(Streams.Cluster, [new NodeJoined("n2", 4, "builtin")], T0.AddSeconds(3));

        Assert.Equal(
            [new NodeRow("n1", 2, "builtin", "alive", T0.AddSeconds(1)), new NodeRow("n2", 4, "builtin", "alive", T0.AddSeconds(3))],
            await store.ListNodesAsync());
    }

    private static void AssertCounts(
        SweepRow sweep, int queued = 0, int assigned = 0, int running = 0, int paused = 0, int lost = 0, int completed = 0,
        int earlyStopped = 0, int diverged = 0, int failed = 0, int cancelled = 0)
    {
        var expected = new Dictionary<TrialState, int>
        {
            [TrialState.Queued] = queued, [TrialState.Assigned] = assigned, [TrialState.Running] = running,
            [TrialState.Paused] = paused, [TrialState.Lost] = lost, [TrialState.Completed] = completed,
            [TrialState.EarlyStopped] = earlyStopped, [TrialState.Diverged] = diverged, [TrialState.Failed] = failed,
            [TrialState.Cancelled] = cancelled,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), sweep.Counts.OrderBy(p => p.Key));
    }
}
