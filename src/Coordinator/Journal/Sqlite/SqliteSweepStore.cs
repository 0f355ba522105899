using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// The embedded backend: journal, snapshots and query tables in one SQLite file (WAL mode). Several
/// instances and processes may share the file: every write runs in a <c>BEGIN IMMEDIATE</c>
/// transaction and waits up to 10 s for the write lock; readers never block writers. Within one
/// instance writes are serialized on a single connection and reads use a second one.
/// Event times are stored to the millisecond.
/// </summary>
public sealed partial class SqliteSweepStore : ISweepStore
{
    private readonly SqliteConnection _writerConnection;
    private readonly SqliteConnection _reader;
    private readonly SqliteJournalWriter _writer;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private bool _disposed;

    private SqliteSweepStore(string path, SqliteConnection writerConnection, SqliteConnection reader, TimeProvider time)
    {
        Path = path;
        _writerConnection = writerConnection;
        _reader = reader;
        _writer = new SqliteJournalWriter(writerConnection);
        _time = time;
    }

    /// <summary>The database file this store writes.</summary>
    public string Path { get; }

    /// <summary>Test hook: runs after each event is journaled and projected, inside the append transaction.</summary>
    internal Action<SweepEvent>? AfterEventWritten
    {
        get => _writer.AfterEventWritten;
        set => _writer.AfterEventWritten = value;
    }

    /// <summary>
    /// Opens the database at <paramref name="path"/>, creating the file and schema if needed and
    /// applying pending migrations.
    /// </summary>
    /// <param name="time">Clock for bookkeeping times (migrations, snapshots); event times come from the caller.</param>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema version.</exception>
    public static Task<SqliteSweepStore> OpenAsync(string path, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(time);
        ct.ThrowIfCancellationRequested();
        SqliteConnection? writer = null;
        SqliteConnection? reader = null;
        try
        {
            writer = SqliteConnections.Open(path);
            SqliteSchema.Migrate(writer, path, time);
            reader = SqliteConnections.Open(path);
            return Task.FromResult(new SqliteSweepStore(path, writer, reader, time));
        }
        catch
        {
            reader?.Dispose();
            writer?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<long> AppendAsync(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (e is SweepSubmitted submitted && submitted.SweepId != streamId)
            {
                throw new ArgumentException($"SweepSubmitted for '{submitted.SweepId}' appended to stream '{streamId}'.", nameof(events));
            }
        }

        return WriteAsync(() => _writer.Append(streamId, events, at), cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(snapshot.StreamId, nameof(snapshot));
        return WriteAsync(() =>
        {
            _writer.SaveSnapshot(snapshot, _time.GetUtcNow());
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        await _readGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Dispose();
            _writerConnection.Dispose();
            _reader.Dispose();
        }
        finally
        {
            _readGate.Release();
            _writeGate.Release();
        }
    }

    /// <summary>Test hook: a pragma's value as the writer connection sees it.</summary>
    internal Task<string> WriterPragmaAsync(string name) => WriteAsync(() =>
    {
        using var command = _writerConnection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }, CancellationToken.None);

    // Microsoft.Data.Sqlite is synchronous underneath: the work runs on the caller's thread once the gate is ours.
    private async Task<T> WriteAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> QueryAsync<T>(Func<SqliteConnection, T> query, CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return SqliteConnections.InReadTransaction(_reader, () => query(_reader));
        }
        finally
        {
            _readGate.Release();
        }
    }
}
