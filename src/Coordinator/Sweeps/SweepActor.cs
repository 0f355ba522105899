using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Nodes;
using SweepCluster.Coordinator.Scheduling;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// One sweep, event-sourced: its state is the fold of its journal stream (rebuilt in
/// <see cref="PreStartAsync"/>, also after a supervised restart). Each message is decided by the
/// pure <see cref="SweepState"/>; the resulting events are persisted in one atomic append and only
/// then are node commands sent and slots released — a decision is durable before it acts.
/// </summary>
internal sealed partial class SweepActor(
    string sweepId,
    ISweepStore store,
    ActorRef<SchedulerMessage> scheduler,
    ActorRef<RegistryMessage> registry,
    SweepDirectory directory,
    Func<SweepSubmitted, ExperimentSpec> parseSpec) : Actor<SweepMessage>
{
    private SweepState _state = null!;
    private int _reportedDemand = -1;
    private bool _online;

    protected override async Task PreStartAsync()
    {
        _state = new SweepState(sweepId, parseSpec);
        var events = await store.ReadAsync(sweepId, 1, long.MaxValue);
        foreach (var stored in events)
        {
            _state.Apply(stored.Event);
            _state.Sequence = stored.Sequence;
        }

        _state.DrainReleased();
        if (_state.Status == "running")
        {
            var occupied = _state.Trials.Where(t => t.State.HoldsSlot())
                .Select(t => (t.TrialId, t.NodeId!, t.Slot)).ToList();
            _reportedDemand = _state.Demand();
            scheduler.Tell(new SweepOnline(sweepId, Context.Self, _reportedDemand, occupied));
            _online = true;
            var fx = new Effects(_state);
            _state.OnRecovered(fx);
            _state.CheckCompletion(fx);
            await CommitAsync(fx);
        }
        else if (_state.Status != "new" && _state.AllTerminal)
        {
            directory.MarkDone(sweepId);
        }
    }

    protected override async Task ReceiveAsync(SweepMessage message)
    {
        switch (message)
        {
            case SubmitSweep submit:
                await ReplyingAsync(submit.Reply, () => OnSubmitAsync(submit));
                break;
            case SlotsGranted granted:
                await OnGrantedAsync(granted);
                break;
            case ApplyNodeEvents apply:
                await ReplyingAsync(apply.Reply, () => OnNodeEventsAsync(apply));
                break;
            case NodeLostNotice lost:
                await RunAsync(fx => _state.OnNodeLost(lost.NodeId, fx));
                break;
            case NodeRegisteredNotice registered:
                await RunAsync(fx => _state.Reconcile(registered.NodeId, registered.Owned, fx));
                break;
            case CancelSweep cancel:
                await ReplyingAsync(cancel.Reply, () => RunAsync(fx => _state.Cancel(cancel.Reason, fx)));
                break;
            case ResumeSweep resume:
                await OnResumeAsync(resume);
                break;
            case StopTrialRequest stop:
                await OnStopTrialAsync(stop);
                break;
            case GetProgress progress:
                progress.Reply.Complete(BuildProgress());
                break;
            default:
                LogUnhandled(Context.Logger, message.GetType().Name);
                break;
        }
    }

    private async Task OnSubmitAsync(SubmitSweep submit)
    {
        if (_state.Status != "new")
        {
            return;
        }

        var fx = new Effects(_state);
        _state.Submit(submit.Submitted, submit.Keys, fx);
        _state.CheckCompletion(fx);
        await CommitAsync(fx);
        scheduler.Tell(new SweepOnline(sweepId, Context.Self, _reportedDemand = _state.Demand(), []));
        _online = true;
    }

    private async Task OnGrantedAsync(SlotsGranted granted)
    {
        var fx = new Effects(_state);
        var bound = _state.Assign([.. granted.Grants.Select(g => (g.NodeId, g.Slot))], fx);
        await CommitAsync(fx, reportDemand: false);
        _reportedDemand = _state.Demand();
        scheduler.Tell(new GrantsResolved(
            sweepId, [.. granted.Grants.Select((g, i) => (g.GrantId, bound[i]))], _reportedDemand));
    }

    private async Task OnStopTrialAsync(StopTrialRequest stop)
    {
        var stopped = false;
        try
        {
            await RunAsync(fx => stopped = _state.StopTrial(stop.TrialId, stop.Reason, fx));
            stop.Reply.Complete(stopped);
        }
        catch (Exception ex)
        {
            stop.Reply.Fail(ex);
            throw;
        }
    }

    private async Task OnResumeAsync(ResumeSweep resume)
    {
        try
        {
            var fx = new Effects(_state);
            var requeued = _state.Resume(resume.Reason, fx);
            if (requeued is null)
            {
                resume.Reply.Complete(new SweepResumeResult(false, _state.Status, 0));
                return;
            }

            _state.CheckCompletion(fx);
            directory.Reopen(sweepId);
            await CommitAsync(fx);
            if (_state.Status == "running" && !_online)
            {
                // The scheduler forgot the sweep when it went offline: announce it again, with the slots
                // its still-stopping trials hold.
                var occupied = _state.Trials.Where(t => t.State.HoldsSlot()).Select(t => (t.TrialId, t.NodeId!, t.Slot)).ToList();
                scheduler.Tell(new SweepOnline(sweepId, Context.Self, _reportedDemand = _state.Demand(), occupied));
                _online = true;
            }

            resume.Reply.Complete(new SweepResumeResult(true, _state.Status, requeued.Value));
        }
        catch (Exception ex)
        {
            resume.Reply.Fail(ex);
            throw;
        }
    }

    private Task OnNodeEventsAsync(ApplyNodeEvents apply) => RunAsync(fx =>
    {
        foreach (var e in apply.Events)
        {
            _state.OnNodeEvent(apply.NodeId, e, fx);
        }
    });

    private async Task RunAsync(Action<Effects> decide)
    {
        var fx = new Effects(_state);
        decide(fx);
        _state.CheckCompletion(fx);
        await CommitAsync(fx);
    }

    /// <summary>Persists the events, then sends the commands and tells the scheduler what changed.</summary>
    private async Task CommitAsync(Effects fx, bool reportDemand = true)
    {
        if (fx.Events.Count > 0)
        {
            _state.Sequence = await store.AppendAsync(sweepId, fx.Events, Context.Time.GetUtcNow());
        }

        foreach (var byNode in fx.Commands.GroupBy(c => c.NodeId, StringComparer.Ordinal))
        {
            registry.Tell(new EnqueueCommands(byNode.Key, [.. byNode.Select(c => c.Command)]));
        }

        var released = _state.DrainReleased();
        var demand = _state.Demand();
        if (released.Count > 0 || (reportDemand && demand != _reportedDemand))
        {
            _reportedDemand = demand;
            scheduler.Tell(new SweepChanged(sweepId, demand, [.. released.Select(t => t.TrialId)]));
        }

        if (_state.Status != "running" && _state.AllTerminal)
        {
            scheduler.Tell(new SweepOffline(sweepId));
            _online = false;
            directory.MarkDone(sweepId);
        }
    }

    private static async Task ReplyingAsync(Reply<bool> reply, Func<Task> work)
    {
        try
        {
            await work();
            reply.Complete(true);
        }
        catch (Exception ex)
        {
            reply.Fail(ex);
            throw;
        }
    }

    private SweepProgress BuildProgress()
    {
        var counts = Enum.GetValues<TrialState>().ToDictionary(s => s, _ => 0);
        var running = new List<RunningTrialView>();
        foreach (var t in _state.Trials)
        {
            counts[t.State]++;
            if (t.State.HoldsSlot())
            {
                var last = t.Metrics.Count > 0 ? t.Metrics[^1] : (MetricPoint?)null;
                running.Add(new RunningTrialView(
                    t.TrialId, t.Key.InitSeed, t.Key.OrderSeed, t.Attempt, t.NodeId, t.Step, t.TotalSteps, t.Fraction, last?.Name, last?.Value));
            }
        }

        return new SweepProgress(sweepId, _state.Status, _state.Trials.Count, counts, running);
    }
}
