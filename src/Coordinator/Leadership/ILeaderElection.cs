namespace SweepCluster.Coordinator.Leadership;

/// <summary>
/// Elects one dispatching coordinator among several sharing a store. Only PostgreSQL has one
/// (<see cref="Journal.PostgresSweepStore.CreateLeaderElection"/>): a lease row with an epoch that
/// every write of the leader checks (docs/cluster.md, "Standby coordinators").
/// </summary>
public interface ILeaderElection
{
    /// <summary>
    /// Takes the leadership if nobody holds a live lease, without waiting: the lease lasts
    /// <paramref name="duration"/> from now unless renewed. Returns null when another holder's lease
    /// is live. Once acquired, the store's writes are fenced by the lease's epoch.
    /// </summary>
    /// <param name="holder">Who leads, as standbys report it (e.g. the leader's advertised URL).</param>
    Task<ILeaderLease?> TryAcquireAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>The current (or last) holder, or null when nobody has ever led.</summary>
    Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken = default);
}
