using Npgsql;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// A held leadership (see <see cref="PostgresSweepStore.TryAcquireLeadershipAsync"/>): a session
/// advisory lock on a connection of its own. Dispose to step down; the lock is released at once.
/// </summary>
public sealed class PostgresLeadership : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly Action<PostgresLeadership> _onDisposed;
    private readonly CancellationTokenSource _lost = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private bool _disposed;

    internal PostgresLeadership(string name, NpgsqlConnection connection, TimeProvider time, TimeSpan checkInterval, Action<PostgresLeadership> onDisposed)
    {
        Name = name;
        _connection = connection;
        _onDisposed = onDisposed;
        ProcessId = connection.ProcessID;
        _timer = time.CreateTimer(_ => _ = CheckAsync(CancellationToken.None), null, checkInterval, checkInterval);
    }

    /// <summary>The name passed to <see cref="PostgresSweepStore.TryAcquireLeadershipAsync"/>.</summary>
    public string Name { get; }

    /// <summary>
    /// Cancelled when leadership ends: a check found the session gone (another process may already
    /// lead), or this object was disposed. Work that only the leader may do should observe it.
    /// </summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The PostgreSQL backend process holding the lock (for diagnostics and tests).</summary>
    internal int ProcessId { get; }

    /// <summary>
    /// Checks now that the session holding the lock is alive; when it is not, cancels
    /// <see cref="Lost"/> and returns false. Also runs every check interval on its own.
    /// </summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed || _lost.IsCancellationRequested)
            {
                return false;
            }

            await using var command = new NpgsqlCommand("SELECT 1;", _connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection broke (or was already closed by a failure): the server has ended the
            // session, and with it the lock.
            await _lost.CancelAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the lock and closes the connection; cancels <see cref="Lost"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _timer.DisposeAsync().ConfigureAwait(false);
            await ReleaseAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
            await _lost.CancelAsync().ConfigureAwait(false);
            _onDisposed(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Closing the connection ends the session, but the server notices asynchronously: unlocking
    // first lets a standby acquire as soon as this returns.
    private async Task ReleaseAsync()
    {
        if (_lost.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresLocks.Leadership}, hashtext(@name));", _connection)
            {
                Parameters = { new("name", Name) },
            };
            await command.ExecuteScalarAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session is already gone, and the lock with it.
        }
    }
}
