using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Nodes;
using SweepCluster.Coordinator.Scheduling;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// One sweep, event-sourced: its state is the fold of its journal stream (rebuilt in
/// <see cref="PreStartAsync"/>, also after a supervised restart). Each message is decided by the
/// pure <see cref="SweepState"/>; the resulting events are persisted in one atomic append and only
/// then are node commands sent, slots released and requests answered — a decision is durable
/// before it acts.
/// <para>
/// Group commit: node events and slot grants (the hot messages) are decided into a pending batch,
/// and the batch is appended when the mailbox has nothing more queued (or the batch is large), so
/// one journal transaction serves every message that arrived while the previous one was written.
/// Nothing of a batch leaves the actor before its append: if the append (or any later decision)
/// fails, the batch's requests fail, its grants go unanswered (the scheduler voids them when the
/// restarted actor comes online) and the state is rebuilt from the journal.
/// </para>
/// </summary>
internal sealed partial class SweepActor(
    string sweepId,
    ISweepStore store,
    ActorRef<SchedulerMessage> scheduler,
    ActorRef<RegistryMessage> registry,
    SweepDirectory directory,
    Func<SweepSubmitted, ExperimentSpec> parseSpec) : Actor<SweepMessage>
{
    /// <summary>A batch this large is appended even when more messages are queued (bounds latency and transaction size).</summary>
    private const int MaxBatchEvents = 4096;

    private readonly List<Reply<bool>> _batchReplies = [];
    private readonly List<(long GrantId, string? TrialId)> _batchGrants = [];
    private SweepState _state = null!;
    private Effects? _batch;
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
        try
        {
            switch (message)
            {
                case SlotsGranted granted:
                    OnGranted(granted);
                    break;
                case ApplyNodeEvents apply:
                    OnNodeEvents(apply);
                    break;
                default:
                    // Everything else is rare: it sees (and answers from) durable state only.
                    await FlushAsync();
                    await ReceiveUnbatchedAsync(message);
                    break;
            }

            if (_batch is not null && (_batch.Events.Count >= MaxBatchEvents || Context.QueuedMessages == 0))
            {
                await FlushAsync();
            }
        }
        catch (Exception ex)
        {
            // The instance is replaced and its undurable batch dropped: whoever waits on it must know.
            foreach (var reply in _batchReplies)
            {
                reply.Fail(ex);
            }

            _batchReplies.Clear();
            throw;
        }
    }

    private async Task ReceiveUnbatchedAsync(SweepMessage message)
    {
        switch (message)
        {
            case SubmitSweep submit:
                await ReplyingAsync(submit.Reply, () => OnSubmitAsync(submit));
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

    private void OnGranted(SlotsGranted granted)
    {
        var fx = _batch ??= new Effects(_state);
        var grants = new (string NodeId, int Slot)[granted.Grants.Count];
        for (var i = 0; i < grants.Length; i++)
        {
            grants[i] = (granted.Grants[i].NodeId, granted.Grants[i].Slot);
        }

        var bound = _state.Assign(grants, fx);
        for (var i = 0; i < grants.Length; i++)
        {
            _batchGrants.Add((granted.Grants[i].GrantId, bound[i]));
        }
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

    private void OnNodeEvents(ApplyNodeEvents apply)
    {
        var fx = _batch ??= new Effects(_state);
        foreach (var e in apply.Events)
        {
            _state.OnNodeEvent(apply.NodeId, e, fx);
        }

        _state.CheckCompletion(fx);
        _batchReplies.Add(apply.Reply);
    }

    /// <summary>Appends the pending batch, then answers its requests and resolves its grants.</summary>
    private async Task FlushAsync()
    {
        if (_batch is not { } fx)
        {
            return;
        }

        _batch = null;
        var grants = _batchGrants.Count > 0 ? _batchGrants.ToArray() : null;
        _batchGrants.Clear();
        await CommitAsync(fx, grants);
        foreach (var reply in _batchReplies)
        {
            reply.Complete(true);
        }

        _batchReplies.Clear();
    }

    private async Task RunAsync(Action<Effects> decide)
    {
        var fx = new Effects(_state);
        decide(fx);
        _state.CheckCompletion(fx);
        await CommitAsync(fx);
    }

    /// <summary>
    /// Persists the events, then sends the commands, answers the grants the events bound (if any)
    /// and tells the scheduler what else changed.
    /// </summary>
    private async Task CommitAsync(Effects fx, IReadOnlyList<(long GrantId, string? TrialId)>? grants = null)
    {
        if (fx.Events.Count > 0)
        {
            _state.Sequence = await store.AppendAsync(sweepId, fx.Events, Context.Time.GetUtcNow());
        }

        SendCommands(fx.Commands);
        var released = _state.DrainReleased();
        var demand = _state.Demand();
        if (grants is not null)
        {
            _reportedDemand = demand;
            scheduler.Tell(new GrantsResolved(sweepId, grants, demand));
        }

        if (released.Count > 0 || demand != _reportedDemand)
        {
            _reportedDemand = demand;
            var releasedIds = new string[released.Count];
            for (var i = 0; i < releasedIds.Length; i++)
            {
                releasedIds[i] = released[i].TrialId;
            }

            scheduler.Tell(new SweepChanged(sweepId, demand, releasedIds));
        }

        if (_state.Status != "running" && _state.AllTerminal)
        {
            scheduler.Tell(new SweepOffline(sweepId));
            _online = false;
            directory.MarkDone(sweepId);
        }
    }

    /// <summary>One <see cref="EnqueueCommands"/> per node, commands in the order they were decided.</summary>
    private void SendCommands(IReadOnlyList<OutgoingCommand> commands)
    {
        if (commands.Count == 0)
        {
            return;
        }

        var first = commands[0].NodeId;
        var oneNode = true;
        for (var i = 1; i < commands.Count && oneNode; i++)
        {
            oneNode = string.Equals(commands[i].NodeId, first, StringComparison.Ordinal);
        }

        if (oneNode)
        {
            var batch = new NodeCommand[commands.Count];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = commands[i].Command;
            }

            registry.Tell(new EnqueueCommands(first, batch));
            return;
        }

        foreach (var byNode in commands.GroupBy(c => c.NodeId, StringComparer.Ordinal))
        {
            registry.Tell(new EnqueueCommands(byNode.Key, [.. byNode.Select(c => c.Command)]));
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
