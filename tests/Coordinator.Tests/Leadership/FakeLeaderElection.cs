using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Tests.Leadership;

/// <summary>An election in memory: tests decide who holds the lease and whether the "database" answers.</summary>
internal sealed class FakeLeaderElection : ILeaderElection
{
    private readonly Lock _gate = new();
    private LeaderInfo? _holder;

    /// <summary>Every call throws, as when the database cannot be reached.</summary>
    public bool Unreachable { get; set; }

    /// <summary>Renewals never complete (a renewal stuck on a dead connection).</summary>
    public bool RenewHangs { get; set; }

    public LeaderInfo? Holder
    {
        get
        {
            lock (_gate)
            {
                return _holder;
            }
        }
    }

    /// <summary>Another coordinator leads (with the next epoch).</summary>
    public void HeldBy(string holder)
    {
        lock (_gate)
        {
            _holder = new LeaderInfo(holder, (_holder?.Epoch ?? 0) + 1, true);
        }
    }

    /// <summary>The holder's lease runs out (or it steps down).</summary>
    public void Expire()
    {
        lock (_gate)
        {
            _holder = _holder is null ? null : _holder with { Live = false };
        }
    }

    public Task<ILeaderLease?> TryAcquireAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            if (_holder is { Live: true })
            {
                return Task.FromResult<ILeaderLease?>(null);
            }

            _holder = new LeaderInfo(holder, (_holder?.Epoch ?? 0) + 1, true);
            return Task.FromResult<ILeaderLease?>(new Lease(this, _holder.Epoch));
        }
    }

    public Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnreachable();
        return Task.FromResult(Holder);
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new IOException("database unreachable");
        }
    }

    private sealed class Lease(FakeLeaderElection election, long epoch) : ILeaderLease
    {
        public long Epoch { get; } = epoch;

        public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
        {
            if (election.RenewHangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            election.ThrowIfUnreachable();
            return election.Holder is { Live: true } holder && holder.Epoch == Epoch;
        }

        public ValueTask DisposeAsync()
        {
            lock (election._gate)
            {
                if (election._holder?.Epoch == Epoch)
                {
                    election._holder = election._holder with { Live = false };
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
