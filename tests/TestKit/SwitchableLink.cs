using SweepCluster.Shared.Links;

namespace SweepCluster.TestKit;

/// <summary>
/// A node link whose coordinator can disappear and come back: while <see cref="Target"/> is null
/// every call fails as a network call to a dead coordinator would. It also counts what the node
/// does with its syncs, for tests of the sync loop.
/// </summary>
public sealed class SwitchableLink : ICoordinatorLink
{
    private int _inFlight;
    private int _heldInFlight;
    private int _maxInFlight;
    private int _cancelled;

    /// <summary>The coordinator's link, or null while it is down.</summary>
    public ICoordinatorLink? Target { get; set; }

    /// <summary>Held polls (syncs with <see cref="SyncRequest.Hold"/>) not yet answered.</summary>
    public int HeldInFlight => Volatile.Read(ref _heldInFlight);

    /// <summary>The most syncs that were ever in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Syncs that ended because the node cancelled them (on HTTP/1.1, each closes a connection).</summary>
    public int CancelledSyncs => Volatile.Read(ref _cancelled);

    /// <inheritdoc/>
    public Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken) =>
        (Target ?? throw new HttpRequestException("coordinator unreachable")).RegisterAsync(request, cancellationToken);

    /// <inheritdoc/>
    public async Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var target = Target ?? throw new HttpRequestException("coordinator unreachable");
        var inFlight = Interlocked.Increment(ref _inFlight);
        var max = MaxInFlight;
        while (inFlight > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        if (request.Hold)
        {
            Interlocked.Increment(ref _heldInFlight);
        }

        try
        {
            return await target.SyncAsync(request, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            if (request.Hold)
            {
                Interlocked.Decrement(ref _heldInFlight);
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }
}
