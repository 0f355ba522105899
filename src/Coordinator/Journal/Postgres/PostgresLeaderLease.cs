using Npgsql;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Journal;

/// <summary>A lease row held by this store (see <see cref="PostgresLeaderElection"/>).</summary>
internal sealed class PostgresLeaderLease(PostgresSweepStore store, string name, long epoch, TimeSpan duration) : ILeaderLease
{
    private int _disposed;

    public string Name { get; } = name;

    public long Epoch { get; } = epoch;

    public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        // Renewing an expired lease nobody took over is fine: no one else can have written meanwhile.
        return await ExecuteAsync(
            "UPDATE leader_leases SET expires_at = now() + @duration WHERE name = @name AND epoch = @epoch AND expires_at > '-infinity';",
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Releases the lease (a standby may take over at once); writes of this store then fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        store.Forget(this);
        try
        {
            await ExecuteAsync("UPDATE leader_leases SET expires_at = '-infinity' WHERE name = @name AND epoch = @epoch;", CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException)
        {
            // The database is unreachable: the lease runs out on its own.
        }
    }

    private Task<int> ExecuteAsync(string sql, CancellationToken ct) => store.LeaseCommandAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand(sql, connection)
            {
                Parameters = { new("name", Name), new("epoch", Epoch), new("duration", duration) },
            };
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        },
        ct);
}
