using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// The write side over one connection: appends (journal rows, stream high-water mark and query
/// tables in one <c>BEGIN IMMEDIATE</c> transaction) and snapshots. Not thread-safe; the store
/// serializes callers.
/// </summary>
internal sealed class SqliteJournalWriter : IDisposable
{
    /// <summary>Position of <c>$payload</c> among <see cref="_insertEvent"/>'s parameters.</summary>
    private const int PayloadParameter = 3;

    private readonly SqliteConnection _connection;
    private readonly SqliteProjector _projector;
    private readonly SqliteStatement _readHighest;
    private readonly SqliteStatement _insertEvent;
    private readonly SqliteStatement _upsertStream;
    private readonly SqliteStatement _touchSweep;
    private readonly SqliteStatement _saveSnapshot;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly ArrayBufferWriter<byte> _payload = new(1024);
    private readonly Utf8JsonWriter _json;

    public SqliteJournalWriter(SqliteConnection connection)
    {
        _connection = connection;
        _projector = new SqliteProjector(connection);
        _json = new Utf8JsonWriter(_payload);
        _begin = new(connection, "BEGIN IMMEDIATE;");
        _commit = new(connection, "COMMIT;");
        _readHighest = new(connection, "SELECT highest_seq FROM streams WHERE stream_id = $stream;", "$stream");
        _insertEvent = new(connection,
            "INSERT INTO events (stream_id, seq, type, payload, at_ms) VALUES ($stream, $seq, $type, $payload, $at);",
            "$stream", "$seq", "$type", "$payload", "$at");
        _upsertStream = new(connection, """
            INSERT INTO streams (stream_id, highest_seq) VALUES ($stream, $seq)
            ON CONFLICT (stream_id) DO UPDATE SET highest_seq = excluded.highest_seq;
            """, "$stream", "$seq");
        _touchSweep = new(connection, "UPDATE sweeps SET updated_at_ms = $at WHERE sweep_id = $stream;", "$stream", "$at");
        _saveSnapshot = new(connection, """
            INSERT INTO snapshots (stream_id, seq, payload, saved_at_ms) VALUES ($stream, $seq, $payload, $at)
            ON CONFLICT (stream_id) DO UPDATE SET seq = excluded.seq, payload = excluded.payload, saved_at_ms = excluded.saved_at_ms;
            """, "$stream", "$seq", "$payload", "$at");
    }

    /// <summary>Test hook: runs after each event is journaled and projected (trial rows coalesced until the append ends), inside the transaction.</summary>
    internal Action<SweepEvent>? AfterEventWritten { get; set; }

    public long Append(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at)
    {
        // BEGIN IMMEDIATE waits (up to the connection's busy timeout) for the write lock before anything is read.
        _begin.Execute();
        try
        {
            var sequence = AppendInTransaction(streamId, events, at);
            _commit.Execute();
            return sequence;
        }
        catch
        {
            SqliteConnections.Rollback(_connection);
            throw;
        }
    }

    private long AppendInTransaction(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at)
    {
        // Read inside the write transaction: another process may have appended since our last look.
        var highest = _readHighest.Scalar(streamId) is { } stored ? Convert.ToInt64(stored, CultureInfo.InvariantCulture) : 0L;
        var atMs = at.ToUnixTimeMilliseconds();
        var sequence = highest;
        _projector.Begin();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!_projector.Project(streamId, e, sequence + 1, atMs))
            {
                continue;
            }

            sequence++;
            // Serialized straight to UTF-8 and bound as such: no intermediate string, no transcoding.
            _payload.ResetWrittenCount();
            _json.Reset();
            JsonSerializer.Serialize(_json, e, JournalJsonContext.Default.SweepEvent);
            _insertEvent.BindUtf8(PayloadParameter, _payload.WrittenSpan);
            _insertEvent.ExecuteBound(PayloadParameter, streamId, sequence, e.GetType().Name, null, atMs);
            AfterEventWritten?.Invoke(e);
        }

        _projector.Complete();
        if (sequence != highest)
        {
            _upsertStream.Execute(streamId, sequence);
            _touchSweep.Execute(streamId, atMs);
        }

        return sequence;
    }

    public void SaveSnapshot(JournalSnapshot snapshot, DateTimeOffset at) =>
        SqliteConnections.InWriteTransaction(_connection, () =>
            _saveSnapshot.Execute(snapshot.StreamId, snapshot.Sequence, snapshot.PayloadJson, at.ToUnixTimeMilliseconds()));

    public void Dispose()
    {
        foreach (var statement in new[] { _readHighest, _insertEvent, _upsertStream, _touchSweep, _saveSnapshot, _begin, _commit })
        {
            statement.Dispose();
        }

        _projector.Dispose();
        _json.Dispose();
    }
}
