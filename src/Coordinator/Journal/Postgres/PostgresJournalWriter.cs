using System.Text.Json;
using Npgsql;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Appends to a stream in one transaction that holds the stream's advisory lock, so concurrent
/// writers (any process) keep its sequence contiguous. The usual append is one round trip: a
/// batch <c>BEGIN</c>; lock; journal rows numbered from the stream's highest; the
/// <see cref="QueryProjection"/> steps of every event, with metrics inserted strictly; the stream's
/// new high-water mark; the sweep's update time; <c>COMMIT</c>. A metric that is already stored
/// makes that strict insert fail, and the append is redone on the checked path
/// (PostgresJournalWriter.Checked.cs), which first reads which metrics are stored and drops them.
/// Both paths advance the stream's high-water mark after the projection, whose statements
/// (<see cref="QueryProjection.StatementsNumberedByPosition"/>) read it to mark changed trial rows
/// with the sequence of their event.
/// Thread-safe: each append takes its own pooled connection. With a <see cref="Fence"/> (this
/// process leads), every transaction first checks the leader's lease (<see cref="LeaseFence"/>).
/// </summary>
internal sealed partial class PostgresJournalWriter(NpgsqlDataSource dataSource)
{
    private const string MetricsKey = "metrics_pkey";

    private static string LockStream => $"SELECT pg_advisory_xact_lock({PostgresLocks.Stream}, hashtext(@stream));";

    private const string InsertNumberedEvents = """
        INSERT INTO events (stream_id, seq, type, payload, at_ms)
        SELECT @stream, COALESCE((SELECT highest_seq FROM streams WHERE stream_id = @stream), 0) + e.n, e.type, e.payload, @at
        FROM unnest(@types::text[], @payloads::text[]) WITH ORDINALITY AS e (type, payload, n);
        """;

    // The projection's insert without ON CONFLICT DO NOTHING: a stored metric is an error here.
    private const string InsertMetricStrictly = """
        INSERT INTO metrics (trial_id, attempt, step, name, fraction, value) VALUES (@trial, @attempt, @step, @name, @fraction, @value);
        """;

    private const string AdvanceStream = """
        INSERT INTO streams (stream_id, highest_seq) VALUES (@stream, @count)
        ON CONFLICT (stream_id) DO UPDATE SET highest_seq = streams.highest_seq + excluded.highest_seq
        RETURNING highest_seq;
        """;

    private const string TouchSweep = "UPDATE sweeps SET updated_at_ms = @at WHERE sweep_id = @stream;";

    /// <summary>The lease every write checks first, or null (no leader election on this store).</summary>
    public LeaseFence? Fence { get; set; }

    public async Task<long> AppendAsync(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at, CancellationToken ct)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var seen = new HashSet<MetricKey>();
        var unique = events.Where(e => e is not MetricReported m || seen.Add(MetricKey.Of(m))).ToList();
        if (unique.Count == 0)
        {
            return await HighestAsync(streamId, ct).ConfigureAwait(false);
        }

        try
        {
            return await AppendUncheckedAsync(streamId, unique, atMs, ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == MetricsKey)
        {
            // A metric of the batch is already stored (a redelivery): redo it, dropping what is stored.
        }

        return await AppendCheckedAsync(streamId, unique, atMs, ct).ConfigureAwait(false);
    }

    public async Task SaveSnapshotAsync(JournalSnapshot snapshot, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        Add(batch, "BEGIN;");
        AddFence(batch);
        Add(batch, """
            INSERT INTO snapshots (stream_id, seq, payload, saved_at_ms) VALUES (@stream, @seq, @payload, @at)
            ON CONFLICT (stream_id) DO UPDATE SET seq = excluded.seq, payload = excluded.payload, saved_at_ms = excluded.saved_at_ms;
            """, ("stream", snapshot.StreamId), ("seq", snapshot.Sequence), ("payload", snapshot.PayloadJson), ("at", at.ToUnixTimeMilliseconds()));
        Add(batch, "COMMIT;");
        try
        {
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await RollBackQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<long> AppendUncheckedAsync(string streamId, List<SweepEvent> events, long atMs, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        Add(batch, "BEGIN;");
        AddFence(batch);
        Add(batch, LockStream, ("stream", streamId));
        Add(batch, InsertNumberedEvents, ("stream", streamId), ("at", atMs),
            ("types", events.Select(e => e.GetType().Name).ToArray()), ("payloads", events.Select(Serialize).ToArray()));
        AddProjection(batch, streamId, events, atMs, strictMetrics: true);
        Add(batch, AdvanceStream, ("stream", streamId), ("count", (long)events.Count));
        Add(batch, TouchSweep, ("stream", streamId), ("at", atMs));
        Add(batch, "COMMIT;");
        try
        {
            long? highest = null;
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            do
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    if (reader.FieldCount == 1 && reader.GetName(0) == "highest_seq")
                    {
                        highest = reader.GetInt64(0);
                    }
                }
            }
            while (await reader.NextResultAsync(ct).ConfigureAwait(false));

            return highest ?? throw new InvalidOperationException($"Appending to '{streamId}' returned no high-water mark.");
        }
        catch
        {
            await RollBackQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<long> HighestAsync(string streamId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT highest_seq FROM streams WHERE stream_id = @stream;");
        command.Parameters.Add(new("stream", streamId));
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long highest ? highest : 0L;
    }

    /// <summary>
    /// Adds the projection steps of <paramref name="events"/>, every one of which the append journals in
    /// this order, to the batch; returns the metric inserts among them.
    /// </summary>
    private static List<NpgsqlBatchCommand> AddProjection(NpgsqlBatch batch, string streamId, IEnumerable<SweepEvent> events, long atMs, bool strictMetrics)
    {
        var metricInserts = new List<NpgsqlBatchCommand>();
        var steps = new List<ProjectionStep>();
        var position = 0L;
        foreach (var e in events)
        {
            QueryProjection.Plan(streamId, e, ++position, atMs, nanAsNull: false, steps);
        }

        foreach (var step in steps)
        {
            var (sql, names) = QueryProjection.StatementsNumberedByPosition[(int)step.Statement];
            if (names.Length != step.Values.Length)
            {
                throw new InvalidOperationException($"{step.Statement} takes {names.Length} values, the plan gave {step.Values.Length}.");
            }

            var command = new NpgsqlBatchCommand(strictMetrics && step.Statement == ProjectionStatement.InsertMetric ? InsertMetricStrictly : sql);
            for (var i = 0; i < names.Length; i++)
            {
                command.Parameters.Add(new NpgsqlParameter(names[i], step.Values[i] ?? DBNull.Value));
            }

            batch.BatchCommands.Add(command);
            if (step.Statement == ProjectionStatement.InsertMetric)
            {
                metricInserts.Add(command);
            }
        }

        return metricInserts;
    }

    /// <summary>The leader's fencing check, first in the transaction (it fails the whole batch when the lease is lost).</summary>
    private void AddFence(NpgsqlBatch batch)
    {
        if (Fence is { } fence)
        {
            Add(batch, LeaseFence.Sql, ("lease_name", fence.Name), ("lease_epoch", fence.Epoch));
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        batch.BatchCommands.Add(command);
    }

    private static string Serialize(SweepEvent e) => JsonSerializer.Serialize(e, JournalJsonContext.Default.SweepEvent);

    // After a failed batch the transaction block is aborted (or already gone): end it before the
    // connection goes back to the pool. A broken connection is not pooled again anyway.
    private static async Task RollBackQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK;", connection);
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke; the server rolled back when the session ended.
        }
    }

    private readonly record struct MetricKey(string TrialId, int Attempt, long Step, string Name)
    {
        public static MetricKey Of(MetricReported m) => new(m.TrialId, m.Attempt, m.Step, m.Name);
    }
}
