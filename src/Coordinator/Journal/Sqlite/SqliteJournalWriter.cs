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

    /// <summary>
    /// Events per multi-row INSERT (<see cref="_insertEvents"/>): one statement step per this many
    /// events instead of one per event; the rest of an append goes row by row.
    /// </summary>
    private const int EventsPerInsert = 16;

    private const int EventColumns = 5;

    private readonly SqliteConnection _connection;
    private readonly SqliteProjector _projector;
    private readonly SqliteStatement _readHighest;
    private readonly SqliteStatement _insertEvent;
    private readonly SqliteStatement _insertEvents;
    private readonly List<(SweepEvent Event, long Sequence)> _unwritten = new(EventsPerInsert);
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
        _insertEvents = new(connection,
            "INSERT INTO events (stream_id, seq, type, payload, at_ms) VALUES "
                + string.Join(", ", Enumerable.Range(0, EventsPerInsert).Select(r => $"($s{r}, $q{r}, $t{r}, $p{r}, $a{r})")) + ";",
            [.. Enumerable.Range(0, EventsPerInsert).SelectMany(r => new[] { $"$s{r}", $"$q{r}", $"$t{r}", $"$p{r}", $"$a{r}" })]);
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
        _unwritten.Clear();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!_projector.Project(streamId, e, sequence + 1, atMs))
            {
                continue;
            }

            sequence++;
            _unwritten.Add((e, sequence));
            if (_unwritten.Count == EventsPerInsert)
            {
                WriteEvents(streamId, atMs);
            }
        }

        WriteEvents(streamId, atMs);
        _projector.Complete();
        if (sequence != highest)
        {
            _upsertStream.Execute(streamId, sequence);
            _touchSweep.Execute(streamId, atMs);
        }

        return sequence;
    }

    /// <summary>
    /// Inserts the events projected since the last call: a full group in one multi-row INSERT, a
    /// smaller one row by row. Each payload is serialized straight to UTF-8 and bound as such (SQLite
    /// copies it), so one buffer serves every row.
    /// </summary>
    private void WriteEvents(string streamId, long atMs)
    {
        if (_unwritten.Count == EventsPerInsert)
        {
            for (var r = 0; r < EventsPerInsert; r++)
            {
                var (e, seq) = _unwritten[r];
                var column = r * EventColumns;
                _insertEvents.BindText(column, streamId);
                _insertEvents.BindInt64(column + 1, seq);
                _insertEvents.BindText(column + 2, e.GetType().Name);
                _insertEvents.BindUtf8(column + PayloadParameter, Serialize(e));
                _insertEvents.BindInt64(column + 4, atMs);
            }

            _insertEvents.ExecuteBound();
        }
        else
        {
            foreach (var (e, seq) in _unwritten)
            {
                _insertEvent.BindUtf8(PayloadParameter, Serialize(e));
                _insertEvent.ExecuteBound(PayloadParameter, streamId, seq, e.GetType().Name, null, atMs);
            }
        }

        foreach (var (e, _) in _unwritten)
        {
            AfterEventWritten?.Invoke(e);
        }

        _unwritten.Clear();
    }

    private ReadOnlySpan<byte> Serialize(SweepEvent e)
    {
        _payload.ResetWrittenCount();
        _json.Reset();
        JsonSerializer.Serialize(_json, e, JournalJsonContext.Default.SweepEvent);
        return _payload.WrittenSpan;
    }

    public void SaveSnapshot(JournalSnapshot snapshot, DateTimeOffset at) =>
        SqliteConnections.InWriteTransaction(_connection, () =>
            _saveSnapshot.Execute(snapshot.StreamId, snapshot.Sequence, snapshot.PayloadJson, at.ToUnixTimeMilliseconds()));

    public void Dispose()
    {
        foreach (var statement in new[] { _readHighest, _insertEvent, _insertEvents, _upsertStream, _touchSweep, _saveSnapshot, _begin, _commit })
        {
            statement.Dispose();
        }

        _projector.Dispose();
        _json.Dispose();
    }
}
