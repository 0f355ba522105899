using Npgsql;

namespace SweepCluster.Coordinator.Journal;

// Leader election among coordinators sharing the database.
public sealed partial class PostgresSweepStore
{
    /// <summary>How often a held leadership checks that its session is still alive.</summary>
    public static readonly TimeSpan LeadershipCheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Tries to become the holder of <paramref name="name"/> (e.g. "dispatch") among every process
    /// using this database, without waiting: takes a session-level advisory lock on a dedicated,
    /// unpooled connection. Returns null when another session holds it. The lock lasts until the
    /// returned leadership is disposed or its connection dies (process killed, network cut,
    /// <c>pg_terminate_backend</c>); PostgreSQL then releases it and another process can take over.
    /// The holder learns of a lost connection through <see cref="PostgresLeadership.Lost"/> (checked
    /// every <see cref="LeadershipCheckInterval"/>). Names are hashed to 32 bits: two names that
    /// collide exclude each other.
    /// </summary>
    public async Task<PostgresLeadership?> TryAcquireLeadershipAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfDisposed();
        var connection = await _sessions.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgresLocks.Leadership}, hashtext(@name));", connection)
            {
                Parameters = { new("name", name) },
            };
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var leadership = new PostgresLeadership(name, connection, _time, LeadershipCheckInterval, Forget);
            lock (_leadershipsGate)
            {
                _leaderships.Add(leadership);
            }

            return leadership;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Forget(PostgresLeadership leadership)
    {
        lock (_leadershipsGate)
        {
            _leaderships.Remove(leadership);
        }
    }
}
