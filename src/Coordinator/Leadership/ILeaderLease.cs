namespace SweepCluster.Coordinator.Leadership;

/// <summary>A held leadership (see <see cref="ILeaderElection.TryAcquireAsync"/>). Dispose to step down at once.</summary>
public interface ILeaderLease : IAsyncDisposable
{
    /// <summary>The fencing token: higher for every new holder. Writes carrying an older epoch are refused.</summary>
    long Epoch { get; }

    /// <summary>
    /// Extends the lease by its duration from now. False when it was lost (another holder took over,
    /// or it was released): the caller must stop leading. Throws when the store cannot be reached;
    /// the lease then still runs out on its own.
    /// </summary>
    Task<bool> RenewAsync(CancellationToken cancellationToken = default);
}
