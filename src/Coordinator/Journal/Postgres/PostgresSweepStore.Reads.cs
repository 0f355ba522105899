using System.Text.Json;
using Npgsql;

namespace SweepCluster.Coordinator.Journal;

// IJournal reads: events, high-water marks, snapshots, stream list.
public sealed partial class PostgresSweepStore
{
    internal const string ReadEventsSql =
        "SELECT seq, at_ms, payload FROM events WHERE stream_id = @stream AND seq BETWEEN @from AND @to ORDER BY seq;";

    internal const string HighestSequenceSql = "SELECT highest_seq FROM streams WHERE stream_id = @stream;";

    internal const string LoadSnapshotSql = "SELECT seq, payload FROM snapshots WHERE stream_id = @stream;";

    internal const string ListStreamsSql = "SELECT stream_id FROM streams WHERE stream_id <> @cluster ORDER BY ordinal;";

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return ListAsync(ReadEventsSql, [new("stream", streamId), new("from", fromSequence), new("to", toSequence)],
            r => new StoredEvent(streamId, r.GetInt64(0), Time(r.GetInt64(1)),
                JsonSerializer.Deserialize(r.GetString(2), JournalJsonContext.Default.SweepEvent)
                    ?? throw new InvalidDataException($"Event {streamId}#{r.GetInt64(0)} has a null payload.")),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> HighestSequenceAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var rows = await ListAsync(HighestSequenceSql, [new("stream", streamId)],
            r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? 0L : rows[0];
    }

    /// <inheritdoc />
    public async Task<JournalSnapshot?> LoadSnapshotAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var rows = await ListAsync(LoadSnapshotSql, [new("stream", streamId)],
            r => new JournalSnapshot(streamId, r.GetInt64(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListSweepStreamsAsync(CancellationToken cancellationToken = default) =>
        ListAsync(ListStreamsSql, [new("cluster", Streams.Cluster)],
            r => r.GetString(0), cancellationToken);

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    /// <summary>Runs one query on a pooled connection and maps every row.</summary>
    private async Task<IReadOnlyList<T>> ListAsync<T>(
        string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return await ReadAllAsync(command, map, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
