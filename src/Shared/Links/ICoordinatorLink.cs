namespace SweepCluster.Shared.Links;

/// <summary>
/// How a node talks to its coordinator: in memory in embedded mode, over HTTP in cluster mode.
/// Both calls are idempotent; a node simply retries them.
/// </summary>
public interface ICoordinatorLink
{
    /// <summary>Registers (or re-registers after a coordinator restart) and starts the lease.</summary>
    Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken);

    /// <summary>Delivers events, renews the lease and returns pending commands (long-poll when <see cref="SyncRequest.Hold"/>).</summary>
    Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken);
}
