using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>Passes calls through and keeps every sync request that carried events, to replay them later.</summary>
internal sealed class RecordingLink(ICoordinatorLink inner) : ICoordinatorLink
{
    private readonly Lock _gate = new();
    private readonly List<SyncRequest> _syncs = [];

    public IReadOnlyList<SyncRequest> SyncsWithEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _syncs];
            }
        }
    }

    public Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken) =>
        inner.RegisterAsync(request, cancellationToken);

    public Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (request.Events.Count > 0)
        {
            lock (_gate)
            {
                _syncs.Add(request);
            }
        }

        return inner.SyncAsync(request, cancellationToken);
    }
}
