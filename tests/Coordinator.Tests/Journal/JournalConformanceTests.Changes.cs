using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;
using static SweepCluster.Coordinator.Tests.Journal.SweepLifeScript;

namespace SweepCluster.Coordinator.Tests.Journal;

// The trial change feed (ListTrialsChangedSinceAsync): change markers are journal sequences.
public abstract partial class JournalConformanceTests
{
    [ConditionalFact]
    public async Task ListTrialsChangedSinceAsync_AfterEachAppend_ExactlyTheRowsItsEventsChanged()
    {
        await using var store = await CreateStoreAsync();
        // Sequences per step of the script: 0 → 1, 1 → 2-7, 2 → 8-11, 3 → 12-15, 4 → 16-20, 5 → 21-23,
        // 6 → 24-26, 7 → 27-29, 8 → 30-32, 9 → 33-35, 10 → 36-37.
        await ApplyAsync(store, MidLifeStep);

        // Last changes: V 6 and W 7 (queued), X 17 (metric), Y 23 (paused), U 24 (lost), Z 26 (diverged).
        await AssertChangesAsync(store, 0, [V, W, X, Y, U, Z], 26);

        // Two appends between two reads: U requeued, assigned, started (29), its new attempt's metric (31)
        // after a late metric of attempt 1 that changes no row (30); X's metric (32).
        await store.AppendAsync(SweepId, Steps[7], At(7));
        await store.AppendAsync(SweepId, Steps[8], At(8));
        await AssertChangesAsync(store, 26, [U, X], 32);
        await AssertChangesAsync(store, 32, [], 32);

        // Y decided (33) and stopped early (34), X completed (35); U failed (36), V cancelled (37).
        await store.AppendAsync(SweepId, Steps[9], At(9));
        await store.AppendAsync(SweepId, Steps[10], At(10));
        await AssertChangesAsync(store, 32, [Y, X, U, V], 37);

        // A metric of a superseded attempt (38, journaled, changes no row), a repeated metric (not
        // journaled) and a sweep cancel (39) that ends the one open trial, W.
        var highest = await store.AppendAsync(SweepId,
            [new MetricReported(U, 1, 13, 0.13, "val_acc", 0.56), Steps[8][2], new SweepCancelled("user")], At(11));
        Assert.Equal(39, highest);
        var cancelled = await AssertChangesAsync(store, 37, [W], 39);
        Assert.Equal((TrialState.Cancelled, "user", At(11)), (cancelled[0].State, cancelled[0].Reason, cancelled[0].UpdatedAt));
    }

    [ConditionalFact]
    public async Task ListTrialsChangedSinceAsync_SweepWithoutTrialsOrUnknown_NothingAndTheMarkerAsked()
    {
        await using var store = await CreateStoreAsync();
        await ApplyAsync(store, 0);

        Assert.Equal((0L, 0), Summary(await store.ListTrialsChangedSinceAsync(SweepId, 0)));
        Assert.Equal((5L, 0), Summary(await store.ListTrialsChangedSinceAsync("nope", 5)));

        static (long, int) Summary(TrialChanges changes) => (changes.Through, changes.Items.Count);
    }

    [ConditionalFact]
    public async Task ListTrialsChangedSinceAsync_PolledWhileTwoWritersAppend_LastPollLeavesEveryRowCurrent()
    {
        await using var store = await CreateStoreAsync();
        var trials = Enumerable.Range(1, 20).Select(i => new TrialKey("race", 0, i, 1)).ToList();
        await store.AppendAsync("race", [new SweepSubmitted("race", "race", "name: race\n", "/", trials.Count)], T0);
        await store.AppendAsync("race", [.. trials.Select(k => new TrialQueued(k.TrialId, 0, k.InitSeed, 1, 1, null, 0))], T0);

        async Task WriteAsync(int writer)
        {
            var random = new Random(writer);
            for (var step = 1; step <= 100; step++)
            {
                // Three different trials, so no metric of the batch repeats another and every event is journaled.
                SweepEvent[] batch = [.. trials.OrderBy(_ => random.Next()).Take(3)
                    .Select(k => new MetricReported(k.TrialId, 1, step, step / 100.0, $"w{writer}", step))];
                await store.AppendAsync("race", batch, T0);
            }
        }

        var writers = Task.WhenAll(Task.Run(() => WriteAsync(1)), Task.Run(() => WriteAsync(2)));
        var seen = new Dictionary<string, TrialRow>(StringComparer.Ordinal);
        var through = 0L;
        bool done;
        do
        {
            done = writers.IsCompleted;
            var changes = await store.ListTrialsChangedSinceAsync("race", through);
            Assert.True(changes.Through >= through);
            foreach (var row in changes.Items)
            {
                seen[row.TrialId] = row;
            }

            through = changes.Through;
        }
        while (!done);
        await writers;

        Assert.Equal(1 + 20 + 600, through);
        Assert.Equal((await store.ListTrialsAsync("race")).ToDictionary(t => t.TrialId), seen);
    }

    /// <summary>Asserts which trials changed after <paramref name="since"/>, in that order, as current rows, and the marker reached.</summary>
    private static async Task<IReadOnlyList<TrialRow>> AssertChangesAsync(ISweepStore store, long since, string[] expected, long through)
    {
        var changes = await store.ListTrialsChangedSinceAsync(SweepId, since);
        var current = (await store.ListTrialsAsync(SweepId)).ToDictionary(t => t.TrialId);

        Assert.Equal(expected, changes.Items.Select(t => t.TrialId));
        Assert.Equal(expected.Select(id => current[id]), changes.Items);
        Assert.Equal(through, changes.Through);
        return changes.Items;
    }
}
