using Npgsql;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// The cluster backend: journal, snapshots and query tables in a PostgreSQL database (Npgsql).
/// Any number of instances and processes may share the database: an append runs in one
/// transaction under a per-stream advisory lock, so sequences stay contiguous, and every call
/// takes its own pooled connection, so one instance serves concurrent callers. Schema and
/// semantics match <see cref="SqliteSweepStore"/> (the shared conformance suite); differences: NaN
/// metric and final values are stored as NaN (SQLite returns a NaN final metric as null), and
/// <see cref="CreateLeaderElection"/> elects one dispatcher among coordinators (whose writes are
/// then fenced by its lease).
/// Event times are stored to the millisecond.
/// </summary>
public sealed partial class PostgresSweepStore : ISweepStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresJournalWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _leasesGate = new();
    private readonly HashSet<PostgresLeaderLease> _leases = [];
    private int _disposed;

    private PostgresSweepStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _writer = new PostgresJournalWriter(dataSource);
        _time = time;
    }

    /// <summary>Test hook: runs in each append attempt after the stream lock and the reads, before anything is written.</summary>
    internal Func<CancellationToken, Task>? AfterLockAndRead
    {
        get => _writer.AfterLockAndRead;
        set => _writer.AfterLockAndRead = value;
    }

    /// <summary>
    /// Connects to the database named by <paramref name="connectionString"/> (an Npgsql connection
    /// string, e.g. <c>Host=db;Database=sweeps;Username=sweep;Password=…</c>), creating the schema if
    /// needed and applying pending migrations. The database itself must exist; tables go to the first
    /// schema of the connection's search path (<c>public</c> by default, <c>Search Path=…</c> to
    /// choose). Unless the connection string says otherwise, up to 64 statements per connection are
    /// prepared automatically.
    /// </summary>
    /// <param name="time">Clock for bookkeeping times (migrations, snapshots); event times come from the caller.</param>
    /// <exception cref="InvalidOperationException">The database was written by a newer schema version.</exception>
    public static async Task<PostgresSweepStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (settings.MaxAutoPrepare == 0)
        {
            // The projection runs the same few statements all the time: prepare them once per connection.
            settings.MaxAutoPrepare = 64;
        }

        settings.ApplicationName ??= "SweepCluster";
        var dataSource = builder.Build();
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, time, ct).ConfigureAwait(false);
            return new PostgresSweepStore(dataSource, time);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
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

        ThrowIfDisposed();
        return FencedAsync(_writer.AppendAsync(streamId, events, at, cancellationToken));
    }

    /// <inheritdoc />
    public Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(snapshot.StreamId, nameof(snapshot));
        ThrowIfDisposed();
        return FencedAsync(_writer.SaveSnapshotAsync(snapshot, _time.GetUtcNow(), cancellationToken));
    }

    /// <summary>Releases a lease still held, then closes every connection. Calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        PostgresLeaderLease[] held;
        lock (_leasesGate)
        {
            held = [.. _leases];
        }

        foreach (var lease in held)
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static async Task<T> FencedAsync<T>(Task<T> write)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        catch (Exception e) when (AsLeadershipLost(e) is { } lost)
        {
            throw lost;
        }
    }

    private static async Task FencedAsync(Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception e) when (AsLeadershipLost(e) is { } lost)
        {
            throw lost;
        }
    }
}
