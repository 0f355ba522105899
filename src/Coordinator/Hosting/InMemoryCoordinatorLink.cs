using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The embedded-mode link: a node in the same process calls the coordinator directly. Messages are
/// the same serializable records the HTTP link carries, so behaviour does not depend on the link.
/// </summary>
internal sealed class InMemoryCoordinatorLink(CoordinatorHost host) : ICoordinatorLink
{
    public Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken) =>
        host.RegisterAsync(request, cancellationToken);

    public Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken) =>
        host.SyncAsync(request, cancellationToken);
}
