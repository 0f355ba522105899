using SweepCluster.Shared.Links;

namespace SweepCluster.TestKit;

/// <summary>
/// A node link whose coordinator can disappear and come back: while <see cref="Target"/> is null
/// every call fails as a network call to a dead coordinator would.
/// </summary>
public sealed class SwitchableLink : ICoordinatorLink
{
    /// <summary>The coordinator's link, or null while it is down.</summary>
    public ICoordinatorLink? Target { get; set; }

    /// <inheritdoc/>
    public Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken) =>
        (Target ?? throw new HttpRequestException("coordinator unreachable")).RegisterAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken) =>
        (Target ?? throw new HttpRequestException("coordinator unreachable")).SyncAsync(request, cancellationToken);
}
