using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>
/// Trial-row updates coalesced within one append (<see cref="SqliteTrialRowFold"/>) leave exactly the
/// rows that one append per event leaves: same trials, per-state counts, metrics and journal.
/// </summary>
public sealed class SqliteTrialRowFoldTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private readonly SqliteTempFile _batched = new();
    private readonly SqliteTempFile _single = new();

    public void Dispose()
    {
        _batched.Dispose();
        _single.Dispose();
    }

    /// <summary>
    /// Several events per trial, attempt changes inside the batch (a lost-and-requeued trial, a stale
    /// attempt's metric), a pause without checkpoint, a NaN metric, a null final metric after an
    /// earlier attempt's non-null one, a duplicate metric, a cancel that must see the rows folded
    /// before it, and the compute columns across attempts (s/b: 1 + (3 − 1); s/c: 8 + (9 − 6)).
    /// </summary>
    private static readonly SweepEvent[] Batch =
    [
        new TrialAssigned("s/a", 1, "n1", 0), new TrialStarted("s/a", 1),
        new TrialAssigned("s/b", 1, "n1", 1),
        new MetricReported("s/a", 1, 1, 0.5, "loss", 0.7), new DecisionMade("s/a", 1, "p", "continue", "ok", "{}"),
        new MetricReported("s/a", 1, 1, 0.5, "loss", 0.7),
        new TrialStarted("s/b", 1), new TrialFinished("s/b", 1, TrialState.Failed, 0.3, 1, "boom"),
        new MetricReported("s/a", 1, 2, 1.0, "loss", double.NaN), new TrialCheckpointed("s/a", 1, 2, 1.0, "/ck/a2"),
        new TrialQueued("s/b", 1, 2, 2, 2, "/ck/b1", 1), new TrialAssigned("s/b", 2, "n2", 0), new TrialStarted("s/b", 2),
        new MetricReported("s/b", 1, 5, 0.9, "acc", 0.8),
        new TrialPaused("s/b", 2, 3, null), new TrialFinished("s/b", 2, TrialState.Diverged, null, 3, null),
        new TrialFinished("s/a", 1, TrialState.Completed, null, 2, null),
        new TrialAssigned("s/c", 1, "n1", 2), new MetricReported("s/c", 1, 7, 0.7, "loss", 0.4), new TrialCheckpointed("s/c", 1, 6, 0.6, "/ck/c6"),
        new TrialLost("s/c", 1, "n1", 8), new TrialQueued("s/c", 2, 3, 3, 2, "/ck/c6", 6),
        new TrialAssigned("s/c", 2, "n2", 2), new MetricReported("s/c", 2, 9, 0.9, "loss", 0.3),
        new TrialAssigned("s/d", 1, "n2", 1), new TrialStarted("s/d", 1),
        new SweepCancelled("stop"),
        new DecisionMade("s/d", 1, "p", "stop", "late", "{}"),
    ];

    private static readonly SweepEvent[] Setup =
    [
        new SweepSubmitted("s", "n", "", "/", 4), new TrialQueued("s/a", 0, 1, 1, 1, null, 0), new TrialQueued("s/b", 1, 2, 2, 1, null, 0),
        new TrialQueued("s/c", 2, 3, 3, 1, null, 0), new TrialQueued("s/d", 3, 4, 4, 1, null, 0),
    ];

    [Fact]
    public async Task AppendAsync_SeveralEventsOfATrialInOneBatch_ProjectsSameRowsAsOneEventPerAppend()
    {
        await using (var batched = await SqliteSweepStore.OpenAsync(_batched.Path, new FixedTimeProvider(T0)))
        {
            await batched.AppendAsync("s", Setup, T0);
            Assert.Equal(Setup.Length + Batch.Length - 1, await batched.AppendAsync("s", Batch, T0));
        }

        await using (var single = await SqliteSweepStore.OpenAsync(_single.Path, new FixedTimeProvider(T0)))
        {
            await single.AppendAsync("s", Setup, T0);
            foreach (var e in Batch)
            {
                await single.AppendAsync("s", [e], T0);
            }
        }

        foreach (var sql in new[]
        {
            "SELECT * FROM trials ORDER BY ordinal;", "SELECT * FROM sweep_counts WHERE trials <> 0 ORDER BY state;",
            "SELECT * FROM metrics ORDER BY trial_id, attempt, step;", "SELECT trial_id, attempt, reason FROM decisions ORDER BY id;",
            "SELECT seq, type, payload FROM events ORDER BY seq;", "SELECT * FROM sweeps;",
        })
        {
            Assert.Equal(Rows(_single.Path, sql), Rows(_batched.Path, sql));
        }

        Assert.Equal(
            [
                "s/a|Completed|1|n1|2|1|loss||||/ck/a2|ok|0|2|0|2",
                "s/b|Diverged|2|n2|0|0|||||/ck/b1|boom|1|3|1|3",
                "s/c|Cancelled|2|n2|9|0.9|loss|0.3|||/ck/c6|stop|6|9|8|11",
                "s/d|Cancelled|1|n2|0|0||||||late|0|0|0|0",
            ],
            Rows(_batched.Path, """
                SELECT trial_id, state, attempt, node_id, step, fraction, last_metric_name, last_metric_value, final_metric,
                    NULL, checkpoint, reason, resume_step, attempt_step, prior_compute_steps,
                    prior_compute_steps + attempt_step - resume_step FROM trials ORDER BY ordinal;
                """));
        Assert.Equal(["Cancelled|2", "Completed|1", "Diverged|1"], Rows(_batched.Path, "SELECT state, trials FROM sweep_counts WHERE trials > 0 ORDER BY state;"));
    }

    private static List<string> Rows(string path, string sql) =>
        SqliteSweepStoreTests.Query(path, sql, r => string.Join('|', Enumerable.Range(0, r.FieldCount)
            .Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
}
