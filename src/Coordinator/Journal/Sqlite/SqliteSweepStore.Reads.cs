using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

// IJournal reads: events, high-water marks, snapshots, stream list.
public sealed partial class SqliteSweepStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return QueryAsync<IReadOnlyList<StoredEvent>>(connection =>
        {
            using var command = Command(connection,
                "SELECT seq, at_ms, payload FROM events WHERE stream_id = $stream AND seq BETWEEN $from AND $to ORDER BY seq;",
                ("$stream", streamId), ("$from", fromSequence), ("$to", toSequence));
            using var reader = command.ExecuteReader();
            var events = new List<StoredEvent>();
            while (reader.Read())
            {
                var e = JsonSerializer.Deserialize(reader.GetString(2), JournalJsonContext.Default.SweepEvent)
                    ?? throw new InvalidDataException($"Event {streamId}#{reader.GetInt64(0)} has a null payload.");
                events.Add(new StoredEvent(streamId, reader.GetInt64(0), Time(reader.GetInt64(1)), e));
            }

            return events;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> HighestSequenceAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return QueryAsync(connection =>
        {
            using var command = Command(connection, "SELECT highest_seq FROM streams WHERE stream_id = $stream;", ("$stream", streamId));
            return command.ExecuteScalar() is { } highest and not DBNull ? Convert.ToInt64(highest, CultureInfo.InvariantCulture) : 0L;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JournalSnapshot?> LoadSnapshotAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return QueryAsync(connection =>
        {
            using var command = Command(connection, "SELECT seq, payload FROM snapshots WHERE stream_id = $stream;", ("$stream", streamId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? new JournalSnapshot(streamId, reader.GetInt64(0), reader.GetString(1)) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListSweepStreamsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<IReadOnlyList<string>>(connection =>
        {
            using var command = Command(connection,
                "SELECT stream_id FROM streams WHERE stream_id <> $cluster ORDER BY ordinal;", ("$cluster", Streams.Cluster));
            using var reader = command.ExecuteReader();
            var streams = new List<string>();
            while (reader.Read())
            {
                streams.Add(reader.GetString(0));
            }

            return streams;
        }, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
