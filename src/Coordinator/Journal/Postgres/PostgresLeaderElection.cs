using Npgsql;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// <see cref="ILeaderElection"/> over the <c>leader_leases</c> table (migration 0003). Expiry is
/// judged on the database server's clock, so the coordinators' clocks need not agree.
/// </summary>
internal sealed class PostgresLeaderElection(PostgresSweepStore store, string name) : ILeaderElection
{
    // The row lock (FOR UPDATE) waits for writes in flight under the old epoch (they hold FOR KEY
    // SHARE): once the new epoch commits, everything the old leader wrote is visible to the new one.
    private const string AcquireSql = """
        BEGIN;
        INSERT INTO leader_leases (name, holder, epoch, expires_at) VALUES (@name, '', 0, '-infinity') ON CONFLICT (name) DO NOTHING;
        SELECT 1 FROM leader_leases WHERE name = @name FOR UPDATE;
        UPDATE leader_leases SET holder = @holder, epoch = epoch + 1, expires_at = now() + @duration
        WHERE name = @name AND expires_at <= now()
        RETURNING epoch;
        COMMIT;
        """;

    public async Task<ILeaderLease?> TryAcquireAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        store.ThrowIfDisposed();
        var epoch = await store.LeaseCommandAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(AcquireSql, connection)
                {
                    Parameters = { new("name", name), new("holder", holder), new("duration", duration) },
                };
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                long? acquired = null;
                do
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (reader.GetName(0) == "epoch")
                        {
                            acquired = reader.GetInt64(0);
                        }
                    }
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

                return acquired;
            },
            cancellationToken).ConfigureAwait(false);
        if (epoch is not { } acquired)
        {
            return null;
        }

        var lease = new PostgresLeaderLease(store, name, acquired, duration);
        store.Hold(lease);
        return lease;
    }

    public Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken = default) => store.LeaseCommandAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT holder, epoch, expires_at > now() FROM leader_leases WHERE name = @name AND epoch > 0;", connection)
            {
                Parameters = { new("name", name) },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new LeaderInfo(reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2))
                : null;
        },
        cancellationToken);
}
