using Npgsql;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Journal;

// Leader election among coordinators sharing the database: a lease row with a fencing epoch.
public sealed partial class PostgresSweepStore
{
    /// <summary>The SQLSTATE <c>check_leader_lease</c> raises when a fenced write comes from a stale leader.</summary>
    internal const string LeaseLostSqlState = "SW001";

    /// <summary>
    /// The election of one holder of <paramref name="name"/> (e.g. "dispatch") among every process
    /// using this database. A lease is a row of <c>leader_leases</c> (name, holder, epoch, expiry on
    /// the server's clock); taking over an expired one raises the epoch. Once this store acquires a
    /// lease, every append and snapshot it writes first checks, in the same transaction, that the
    /// lease still has that epoch and has not expired, so a leader that was frozen (SIGSTOP, a long
    /// pause) while another took over cannot write when it wakes up: its writes throw
    /// <see cref="LeadershipLostException"/> and change nothing.
    /// </summary>
    public ILeaderElection CreateLeaderElection(string name = "dispatch")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfDisposed();
        return new PostgresLeaderElection(this, name);
    }

    /// <summary>Runs one leadership statement on a pooled connection.</summary>
    internal async Task<T> LeaseCommandAsync<T>(Func<NpgsqlConnection, Task<T>> action, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await action(connection).ConfigureAwait(false);
    }

    /// <summary>From now on, writes are fenced by <paramref name="lease"/>; it is released when the store is disposed.</summary>
    internal void Hold(PostgresLeaderLease lease)
    {
        lock (_leasesGate)
        {
            _leases.Add(lease);
            _writer.Fence = new LeaseFence(lease.Name, lease.Epoch);
        }
    }

    internal void Forget(PostgresLeaderLease lease)
    {
        lock (_leasesGate)
        {
            _leases.Remove(lease);
        }
    }

    /// <summary>Translates the fencing check's error into <see cref="LeadershipLostException"/>.</summary>
    private static LeadershipLostException? AsLeadershipLost(Exception e) =>
        e is PostgresException { SqlState: LeaseLostSqlState } p
            ? new LeadershipLostException($"this coordinator no longer leads ({p.MessageText}); nothing was written", p)
            : null;
}
