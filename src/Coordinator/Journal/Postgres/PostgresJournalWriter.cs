using System.Text.Json;
using Npgsql;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Appends in three round trips inside one transaction: (1) take the stream's advisory lock, read
/// its highest sequence and which of the batch's metrics are already stored; (2) one batch with the
/// journal rows, the <see cref="QueryProjection"/> steps of every kept event, the stream's
/// high-water mark and the sweep's update time; (3) commit. Thread-safe: each append uses its own
/// pooled connection, and appends to one stream queue on its lock.
/// </summary>
internal sealed class PostgresJournalWriter(NpgsqlDataSource dataSource)
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

    private static readonly string LockAndRead = $"""
        SELECT pg_advisory_xact_lock({PostgresLocks.Stream}, hashtext(@stream));
        SELECT highest_seq FROM streams WHERE stream_id = @stream;
        {StoredMetricsSql}
        """;

    private const string InsertEvents = """
        INSERT INTO events (stream_id, seq, type, payload, at_ms)
        SELECT @stream, e.seq, e.type, e.payload, @at FROM unnest(@seqs::bigint[], @types::text[], @payloads::text[]) AS e (seq, type, payload);
        """;

    /// <summary>Test hook: runs in each append attempt after the lock and the reads, before anything is written.</summary>
    internal Func<CancellationToken, Task>? AfterLockAndRead { get; set; }

    public async Task<long> AppendAsync(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at, CancellationToken ct)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var metrics = events.OfType<MetricReported>().Select(MetricKey.Of).ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var (highest, streamExists, stored) = await LockAndReadAsync(connection, streamId, metrics, ct).ConfigureAwait(false);
            if (AfterLockAndRead is { } hook)
            {
                await hook(ct).ConfigureAwait(false);
            }

            using var batch = new NpgsqlBatch(connection);
            var sequence = highest;
            var seqs = new List<long>(events.Count);
            var types = new List<string>(events.Count);
            var payloads = new List<string>(events.Count);
            var metricInserts = new List<NpgsqlBatchCommand>();
            var steps = new List<ProjectionStep>();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertEvents));
            foreach (var e in events)
            {
                if (e is MetricReported m && !stored.Add(MetricKey.Of(m)))
                {
                    continue; // already stored, or earlier in this batch
                }

                sequence++;
                seqs.Add(sequence);
                types.Add(e.GetType().Name);
                payloads.Add(JsonSerializer.Serialize(e, JournalJsonContext.Default.SweepEvent));
                steps.Clear();
                QueryProjection.Plan(streamId, e, atMs, nanAsNull: false, steps);
                foreach (var step in steps)
                {
                    var command = Command(step);
                    batch.BatchCommands.Add(command);
                    if (step.Statement == ProjectionStatement.InsertMetric)
                    {
                        metricInserts.Add(command);
                    }
                }
            }

            if (sequence == highest)
            {
                return highest; // nothing new: the transaction rolls back having changed nothing
            }

            foreach (var parameter in new NpgsqlParameter[]
            {
                new("stream", streamId), new("at", atMs), new("seqs", seqs.ToArray()), new("types", types.ToArray()), new("payloads", payloads.ToArray()),
            })
            {
                batch.BatchCommands[0].Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(new NpgsqlBatchCommand(streamExists
                ? "UPDATE streams SET highest_seq = @seq WHERE stream_id = @stream;"
                : "INSERT INTO streams (stream_id, highest_seq) VALUES (@stream, @seq);")
            {
                Parameters = { new("stream", streamId), new("seq", sequence) },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE sweeps SET updated_at_ms = @at WHERE sweep_id = @stream;")
            {
                Parameters = { new("stream", streamId), new("at", atMs) },
            });
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
            return sequence;
        }
    }

    public async Task SaveSnapshotAsync(JournalSnapshot snapshot, DateTimeOffset at, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO snapshots (stream_id, seq, payload, saved_at_ms) VALUES (@stream, @seq, @payload, @at)
            ON CONFLICT (stream_id) DO UPDATE SET seq = excluded.seq, payload = excluded.payload, saved_at_ms = excluded.saved_at_ms;
            """);
        command.Parameters.Add(new("stream", snapshot.StreamId));
        command.Parameters.Add(new("seq", snapshot.Sequence));
        command.Parameters.Add(new("payload", snapshot.PayloadJson));
        command.Parameters.Add(new("at", at.ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<(long Highest, bool StreamExists, HashSet<MetricKey> Stored)> LockAndReadAsync(
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
        var streamExists = await reader.ReadAsync(ct).ConfigureAwait(false);
        var highest = streamExists ? reader.GetInt64(0) : 0L;
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var stored = new HashSet<MetricKey>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            stored.Add(new MetricKey(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return (highest, streamExists, stored);
    }

    private static NpgsqlBatchCommand Command(ProjectionStep step)
    {
        var (sql, names) = QueryProjection.Statements[(int)step.Statement];
        if (names.Length != step.Values.Length)
        {
            throw new InvalidOperationException($"{step.Statement} takes {names.Length} values, the plan gave {step.Values.Length}.");
        }

        var command = new NpgsqlBatchCommand(sql);
        for (var i = 0; i < names.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter(names[i], step.Values[i] ?? DBNull.Value));
        }

        return command;
    }

    private readonly record struct MetricKey(string TrialId, int Attempt, long Step, string Name)
    {
        public static MetricKey Of(MetricReported m) => new(m.TrialId, m.Attempt, m.Step, m.Name);
    }
}
