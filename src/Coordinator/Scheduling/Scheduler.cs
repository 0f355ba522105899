using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Actors;

namespace SweepCluster.Coordinator.Scheduling;

/// <summary>
/// Matches queued trials to free node slots. It owns slot accounting (<see cref="SchedulerState"/>)
/// and offers slots to sweeps as grants; a sweep binds each grant to its next queued trial (or
/// gives it back) and persists the assignment before the start command leaves.
/// </summary>
internal sealed partial class Scheduler : Actor<SchedulerMessage>
{
    private readonly SchedulerState _state = new();
    private readonly Dictionary<string, ActorRef<SweepMessage>> _sweeps = new(StringComparer.Ordinal);

    protected override Task ReceiveAsync(SchedulerMessage message)
    {
        switch (message)
        {
            case NodeUp up:
                _state.NodeUp(up.NodeId, up.Slots);
                break;
            case NodeDown down:
                _state.NodeDown(down.NodeId);
                break;
            case SweepOnline online:
                _sweeps[online.SweepId] = online.Sweep;
                _state.ResetGrants(online.SweepId);
                foreach (var (trialId, nodeId, slot) in online.Occupied)
                {
                    _state.Occupy(trialId, nodeId, slot);
                }

                _state.SetDemand(online.SweepId, online.Demand);
                break;
            case SweepChanged changed:
                foreach (var trialId in changed.Released)
                {
                    _state.Release(trialId);
                }

                if (_sweeps.ContainsKey(changed.SweepId))
                {
                    _state.SetDemand(changed.SweepId, changed.Demand);
                }

                break;
            case GrantsResolved resolved:
                foreach (var (grantId, trialId) in resolved.Grants)
                {
                    _state.Resolve(grantId, trialId);
                }

                if (_sweeps.ContainsKey(resolved.SweepId))
                {
                    _state.SetDemand(resolved.SweepId, resolved.Demand);
                }

                break;
            case SweepOffline offline:
                _sweeps.Remove(offline.SweepId);
                _state.RemoveSweep(offline.SweepId);
                break;
            case SlotsOccupied occupied:
                foreach (var (trialId, slot) in occupied.Trials)
                {
                    _state.Occupy(trialId, occupied.NodeId, slot);
                }

                break;
            default:
                LogUnhandled(Context.Logger, message.GetType().Name);
                break;
        }

        Dispatch();
        return Task.CompletedTask;
    }

    private void Dispatch()
    {
        var grants = _state.Dispatch();
        if (grants.Count == 0)
        {
            return;
        }

        foreach (var bySweep in grants.GroupBy(g => g.SweepId, StringComparer.Ordinal))
        {
            if (!_sweeps[bySweep.Key].Tell(new SlotsGranted([.. bySweep])))
            {
                foreach (var g in bySweep)
                {
                    _state.Resolve(g.GrantId, null);
                }

                _sweeps.Remove(bySweep.Key);
                _state.RemoveSweep(bySweep.Key);
            }
        }
    }
}
