using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;

namespace SweepCluster.Coordinator.Tests.Journal;

/// <summary>
/// The contract every <see cref="ISweepStore"/> backend passes (Akka persistence TCK style): a
/// backend's test class inherits this and supplies a store over a fresh, empty database.
/// This file covers the journal; JournalConformanceTests.Queries.cs the query tables. The tests are
/// <see cref="ConditionalFactAttribute"/>s: a backend that needs something from the machine says so
/// on its subclass (e.g. <c>[RequiresPostgres]</c>) and the whole suite skips there without it.
/// </summary>
public abstract partial class JournalConformanceTests
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    /// <summary>A store over a fresh, empty database; the test disposes it.</summary>
    protected abstract Task<ISweepStore> CreateStoreAsync();

    [ConditionalFact]
    public async Task ReadAsync_AfterAppend_ReturnsExactEventsByRange()
    {
        await using var store = await CreateStoreAsync();
        SweepEvent[] events = [Metric("t", 1, "loss", 0.5), new TrialStarted("t", 1), Metric("t", 2, "loss", 0.25)];

        var highest = await store.AppendAsync("s", events, T0);

        Assert.Equal(3, highest);
        Assert.Equal(
            [new StoredEvent("s", 1, T0, events[0]), new StoredEvent("s", 2, T0, events[1]), new StoredEvent("s", 3, T0, events[2])],
            await store.ReadAsync("s", 1, long.MaxValue));
        Assert.Equal([new StoredEvent("s", 2, T0, events[1])], await store.ReadAsync("s", 2, 2));
        Assert.Equal([new StoredEvent("s", 2, T0, events[1]), new StoredEvent("s", 3, T0, events[2])], await store.ReadAsync("s", 2, 9));
        Assert.Empty(await store.ReadAsync("s", 4, 10));
        Assert.Empty(await store.ReadAsync("s", 3, 2));
    }

    [ConditionalFact]
    public async Task ReadAsync_EveryEventType_RoundTripsEqual()
    {
        await using var store = await CreateStoreAsync();
        SweepEvent[] events =
        [
            new SweepSubmitted("s", "every type", "a: 1\nb: [x, \"y\"]\n", "/", 2),
            new TrialQueued("s/c0-w1-d1", 0, 1, 1, 3, "ckpt/a b.safetensors", 40),
            new TrialAssigned("s/c0-w1-d1", 3, "node-é", 7),
            new TrialStarted("s/c0-w1-d1", 3),
            new MetricReported("s/c0-w1-d1", 3, 41, 1.0 / 3.0, "loss", double.PositiveInfinity),
            new MetricReported("s/c0-w1-d1", 3, 42, 0.42, "nan", double.NaN),
            new TrialCheckpointed("s/c0-w1-d1", 3, 42, 0.42, "ckpt/42"),
            new TrialPaused("s/c0-w1-d1", 3, 42, null),
            new DecisionMade("s/c0-w1-d1", 3, "cohort", "continue", "top 2 of 5", "{\"rank\":1,\"of\":5}"),
            new TrialFinished("s/c0-w1-d1", 3, TrialState.EarlyStopped, -0.0, 42, null),
            new TrialLost("s/c0-w1-d1", 3, "n9", 42),
            new SweepCancelled("user: \"stop\""),
            new SweepResumed("user: resume"),
            new SweepCompleted(),
            new NodeJoined("n9", 4, "builtin,command"),
            new NodeLost("n9", "lease expired"),
        ];

        await store.AppendAsync("s", events, T0);

        var stored = await store.ReadAsync("s", 1, long.MaxValue);
        Assert.Equal(events, stored.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), stored.Select(e => e.Sequence));
    }

    [ConditionalFact]
    public async Task AppendAsync_SeveralAppends_SequenceContiguousAcrossBatches()
    {
        await using var store = await CreateStoreAsync();

        var afterFirst = await store.AppendAsync("s", [Metric("t", 1)], T0);
        var afterSecond = await store.AppendAsync("s", [Metric("t", 2), Metric("t", 3), Metric("t", 4)], T0.AddSeconds(1));
        var afterOther = await store.AppendAsync("other", [Metric("u", 1)], T0.AddSeconds(2));
        var afterThird = await store.AppendAsync("s", [Metric("t", 5), Metric("t", 6)], T0.AddSeconds(3));

        Assert.Equal((1L, 4L, 1L, 6L), (afterFirst, afterSecond, afterOther, afterThird));
        var stored = await store.ReadAsync("s", 1, long.MaxValue);
        Assert.Equal([1L, 2, 3, 4, 5, 6], stored.Select(e => e.Sequence));
        Assert.Equal([1L, 2, 3, 4, 5, 6], stored.Select(e => ((MetricReported)e.Event).Step));
        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(1), T0.AddSeconds(1), T0.AddSeconds(3), T0.AddSeconds(3)], stored.Select(e => e.At));
    }

    [ConditionalFact]
    public async Task AppendAsync_BatchWithInvalidEvent_LeavesNothingAndConsumesNoSequence()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("s", [new SweepSubmitted("s", "n", "", "/", 1), Queue("s/a")], T0);

        // Valid events first, so a backend that wrote row by row must roll them back.
        SweepEvent[] failing =
        [
            new TrialStarted("s/a", 1), Metric("s/a", 5), Queue("s/b"), new NodeJoined("n1", 1, "builtin"),
            new TrialQueued(null!, 0, 0, 0, 1, null, 0),
            Metric("s/a", 6),
        ];
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync("s", failing, T0.AddSeconds(1)));

        Assert.Equal(2, await store.HighestSequenceAsync("s"));
        Assert.Equal(2, (await store.ReadAsync("s", 1, long.MaxValue)).Count);
        var trial = Assert.Single(await store.ListTrialsAsync("s"));
        Assert.Equal(("s/a", TrialState.Queued, T0), (trial.TrialId, trial.State, trial.UpdatedAt));
        Assert.Empty(await store.ListMetricsAsync("s/a"));
        Assert.Empty(await store.ListNodesAsync());
        Assert.Equal(T0, (await store.GetSweepAsync("s"))!.UpdatedAt);

        // The metric of the failed batch was not kept as "already stored": it is accepted now, as seq 3.
        Assert.Equal(3, await store.AppendAsync("s", [Metric("s/a", 5)], T0.AddSeconds(2)));
        Assert.Equal(3, (await store.ReadAsync("s", 3, 3)).Single().Sequence);
        Assert.Single(await store.ListMetricsAsync("s/a"));
    }

    [ConditionalFact]
    public async Task HighestSequenceAsync_AcrossEmptyDuplicateAndFailedBatches_NeverDecreases()
    {
        await using var store = await CreateStoreAsync();
        var seen = new List<long> { await store.HighestSequenceAsync("s") };

        seen.Add(await store.AppendAsync("s", [Metric("t", 1), Metric("t", 2)], T0));
        seen.Add(await store.HighestSequenceAsync("s"));
        seen.Add(await store.AppendAsync("s", [], T0));
        seen.Add(await store.AppendAsync("s", [Metric("t", 2)], T0));
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync("s", [Metric("t", 3), Metric(null!, 4)], T0));
        seen.Add(await store.HighestSequenceAsync("s"));
        seen.Add(await store.AppendAsync("s", [Metric("t", 3)], T0));
        seen.Add(await store.HighestSequenceAsync("s"));

        Assert.Equal([0L, 2, 2, 2, 2, 2, 3, 3], seen);
    }

    [ConditionalFact]
    public async Task ReadAsync_UnknownStream_EmptyWithHighestZeroAndNoSnapshot()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("known", [Metric("t", 1)], T0);

        Assert.Empty(await store.ReadAsync("unknown", 1, long.MaxValue));
        Assert.Equal(0, await store.HighestSequenceAsync("unknown"));
        Assert.Null(await store.LoadSnapshotAsync("unknown"));
        Assert.Null(await store.GetSweepAsync("unknown"));
        Assert.Empty(await store.ListTrialsAsync("unknown"));
    }

    [ConditionalFact]
    public async Task SaveSnapshotAsync_SaveLoadReplace_LatestPerStream()
    {
        await using var store = await CreateStoreAsync();
        var first = new JournalSnapshot("s", 5, "{\"state\":\"first\"}");
        var other = new JournalSnapshot("t", 2, "{\"state\":\"other\"}");

        await store.SaveSnapshotAsync(first);
        await store.SaveSnapshotAsync(other);
        Assert.Equal(first, await store.LoadSnapshotAsync("s"));

        var second = new JournalSnapshot("s", 9, "{\"state\":\"second\",\"big\":\"" + new string('x', 10_000) + "\"}");
        await store.SaveSnapshotAsync(second);

        Assert.Equal(second, await store.LoadSnapshotAsync("s"));
        Assert.Equal(other, await store.LoadSnapshotAsync("t"));
        Assert.Equal(0, await store.HighestSequenceAsync("s"));
    }

    [ConditionalFact]
    public async Task AppendAsync_SameMetricTwiceInOneBatch_StoredOnceAndSequenceContiguous()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync("s", [Queue("s/a")], T0);
        var first = new MetricReported("s/a", 1, 10, 0.1, "loss", 0.5);
        var otherName = first with { Name = "acc", Value = 0.7 };
        var otherAttempt = first with { Attempt = 2, Value = 0.6 };

        var highest = await store.AppendAsync("s", [first, first with { Value = 0.9 }, otherName, first, otherAttempt], T0.AddSeconds(1));

        Assert.Equal(4, highest);
        Assert.Equal(
            [new StoredEvent("s", 2, T0.AddSeconds(1), first), new StoredEvent("s", 3, T0.AddSeconds(1), otherName), new StoredEvent("s", 4, T0.AddSeconds(1), otherAttempt)],
            await store.ReadAsync("s", 2, long.MaxValue));
        Assert.Equal(
            [new MetricRow("s/a", 1, 10, 0.1, "acc", 0.7), new MetricRow("s/a", 1, 10, 0.1, "loss", 0.5), new MetricRow("s/a", 2, 10, 0.1, "loss", 0.6)],
            await store.ListMetricsAsync("s/a"));
    }

    [ConditionalFact]
    public async Task AppendAsync_SameMetricAcrossBatches_DroppedAndSequenceContiguous()
    {
        await using var store = await CreateStoreAsync();
        var metric = new MetricReported("s/a", 1, 10, 0.1, "loss", 0.5);

        Assert.Equal(1, await store.AppendAsync("s", [metric], T0));
        Assert.Equal(1, await store.AppendAsync("s", [metric with { Value = 0.8 }], T0.AddSeconds(1)));
        Assert.Equal(2, await store.AppendAsync("s", [metric, Metric("s/a", 11), metric], T0.AddSeconds(2)));
        Assert.Equal(3, await store.AppendAsync("s", [new TrialStarted("s/a", 1)], T0.AddSeconds(3)));

        Assert.Equal(
            [new StoredEvent("s", 1, T0, metric), new StoredEvent("s", 2, T0.AddSeconds(2), Metric("s/a", 11)), new StoredEvent("s", 3, T0.AddSeconds(3), new TrialStarted("s/a", 1))],
            await store.ReadAsync("s", 1, long.MaxValue));
        Assert.Equal([0.5, 0.125], (await store.ListMetricsAsync("s/a")).Select(m => m.Value));
    }

    protected static MetricReported Metric(string trialId, long step, string name = "loss", double value = 0.125) =>
        new(trialId, 1, step, step / 100.0, name, value);

    protected static TrialQueued Queue(string trialId, int attempt = 1) => new(trialId, 0, 1, 1, attempt, null, 0);
}
