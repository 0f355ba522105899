using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Tests.Journal;

/// <summary>
/// What migration 4 must do to a database written at schema version 3, the same on every backend:
/// rows written before it keep the compute reports gave then (the highest step of the row or of any
/// stored metric), and attempts after it are counted exactly on top of that.
/// </summary>
internal static class TrialComputeMigration
{
    /// <summary>
    /// Version-3 rows, in SQL both backends accept: s/a on its second attempt (row step 20; attempt 1
    /// reported step 30), s/b queued, and a TrialLost journaled before it had a step.
    /// </summary>
    public const string Version3Rows = """
        INSERT INTO trials (trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, step, fraction, checkpoint, updated_at_ms)
        VALUES ('s/a', 's', 0, 1, 1, 'Running', 2, 20, 0.2, 'ck/10', 5), ('s/b', 's', 0, 1, 2, 'Queued', 1, 0, 0, NULL, 5);
        INSERT INTO metrics (trial_id, attempt, step, name, fraction, value) VALUES ('s/a', 1, 30, 'loss', 0.3, 0.5), ('s/a', 2, 20, 'loss', 0.2, 0.4);
        INSERT INTO events (stream_id, seq, type, payload, at_ms)
        VALUES ('s', 1, 'TrialLost', '{"$type":"TrialLost","TrialId":"s/a","Attempt":1,"NodeId":"n1"}', 5);
        INSERT INTO streams (stream_id, highest_seq) VALUES ('s', 1);
        """;

    public static async Task AssertUpgradedAsync(ISweepStore store)
    {
        var at = new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
        Assert.Equal([("s/a", 30L), ("s/b", 0L)], (await store.ListTrialsAsync("s")).Select(t => (t.TrialId, t.ComputeSteps)));
        Assert.Equal([new TrialLost("s/a", 1, "n1", 0)], (await store.ReadAsync("s", 1, 1)).Select(e => e.Event));

        // Attempt 2 is lost at 35 and attempt 3 resumes at 25: the backfilled 30 grows to 35, then by 100 − 25.
        await store.AppendAsync("s", [new TrialLost("s/a", 2, "n2", 35), new TrialQueued("s/a", 0, 1, 1, 3, "ck/25", 25)], at);
        Assert.Equal(35, (await store.GetTrialAsync("s/a"))!.ComputeSteps);
        await store.AppendAsync("s", [new TrialStarted("s/a", 3), new TrialFinished("s/a", 3, TrialState.Completed, 0.9, 100, null)], at);
        var done = (await store.GetTrialAsync("s/a"))!;
        Assert.Equal((TrialState.Completed, 3, 35L + 75L), (done.State, done.Attempt, done.ComputeSteps));
    }
}
