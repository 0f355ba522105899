using Npgsql;

namespace SweepCluster.Coordinator.Journal;

// The checked append, for batches holding metrics that are already stored: three round trips in
// one transaction: (1) lock the stream, read its highest sequence and which of the batch's metrics
// are stored; (2) write the rest; (3) commit.
internal sealed partial class PostgresJournalWriter
{
    // A metric the pre-check missed can only come from a writer of another stream (a trial's
    // metrics normally travel on its sweep's stream); the append then rolls back and runs again.
    private const int MaxAttempts = 3;

    /// <summary>Which of the given metric keys are already stored.</summary>
    internal const string StoredMetricsSql = """
        SELECT k.trial_id, k.attempt, k.step, k.name
        FROM unnest(@trials::text[], @attempts::integer[], @steps::bigint[], @names::text[]) AS k (trial_id, attempt, step, name)
        WHERE EXISTS (SELECT 1 FROM metrics m
                      WHERE m.trial_id = k.trial_id AND m.attempt = k.attempt AND m.step = k.step AND m.name = k.name);
        """;

    private const string InsertEvents = """
        INSERT INTO events (stream_id, seq, type, payload, at_ms)
        SELECT @stream, e.seq, e.type, e.payload, @at FROM unnest(@seqs::bigint[], @types::text[], @payloads::text[]) AS e (seq, type, payload);
        """;

    // A property, not a field: static fields of partial files initialize in no defined order.
    private static string LockAndRead => $"""
        {LockStream}
        SELECT highest_seq FROM streams WHERE stream_id = @stream;
        {StoredMetricsSql}
        """;

    /// <summary>Test hook: runs in each checked attempt after the lock and the reads, before anything is written.</summary>
    internal Func<CancellationToken, Task>? AfterLockAndRead { get; set; }

    private async Task<long> AppendCheckedAsync(string streamId, List<SweepEvent> events, long atMs, CancellationToken ct)
    {
        var metrics = events.OfType<MetricReported>().Select(MetricKey.Of).ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await CheckFenceAsync(connection, ct).ConfigureAwait(false);
            var (highest, stored) = await LockAndReadAsync(connection, streamId, metrics, ct).ConfigureAwait(false);
            if (AfterLockAndRead is { } hook)
            {
                await hook(ct).ConfigureAwait(false);
            }

            var kept = events.Where(e => e is not MetricReported m || !stored.Contains(MetricKey.Of(m))).ToList();
            if (kept.Count == 0)
            {
                return highest; // nothing new: the transaction rolls back having changed nothing
            }

            await using var batch = new NpgsqlBatch(connection);
            Add(batch, InsertEvents, ("stream", streamId), ("at", atMs),
                ("seqs", Enumerable.Range(1, kept.Count).Select(i => highest + i).ToArray()),
                ("types", kept.Select(e => e.GetType().Name).ToArray()), ("payloads", kept.Select(Serialize).ToArray()));
            var metricInserts = AddProjection(batch, streamId, kept, atMs, strictMetrics: false);
            Add(batch, AdvanceStream, ("stream", streamId), ("count", (long)kept.Count));
            Add(batch, TouchSweep, ("stream", streamId), ("at", atMs));
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            if (metricInserts.Any(c => c.RecordsAffected != 1))
            {
                if (attempt < MaxAttempts)
                {
                    continue; // disposing the transaction rolls it back
                }

                throw new InvalidOperationException(
                    $"Appending to '{streamId}' failed {MaxAttempts} times: other writers kept storing metrics of this batch concurrently.");
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return highest + kept.Count;
        }
    }

    private async Task CheckFenceAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (Fence is { } fence)
        {
            await using var command = new NpgsqlCommand(LeaseFence.Sql, connection)
            {
                Parameters = { new("lease_name", fence.Name), new("lease_epoch", fence.Epoch) },
            };
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task<(long Highest, HashSet<MetricKey> Stored)> LockAndReadAsync(
        NpgsqlConnection connection, string streamId, List<MetricKey> metrics, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(LockAndRead, connection)
        {
            Parameters =
            {
                new("stream", streamId),
                new("trials", metrics.Select(k => k.TrialId).ToArray()),
                new("attempts", metrics.Select(k => k.Attempt).ToArray()),
                new("steps", metrics.Select(k => k.Step).ToArray()),
                new("names", metrics.Select(k => k.Name).ToArray()),
            },
        };
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var highest = await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : 0L;
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var stored = new HashSet<MetricKey>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            stored.Add(new MetricKey(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return (highest, stored);
    }
}
