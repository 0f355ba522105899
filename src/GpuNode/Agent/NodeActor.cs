using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;

namespace SweepCluster.GpuNode.Agent;

/// <summary>
/// The node's slots: starts a <see cref="TrialActor"/> per start command on a free slot (queueing
/// starts when all slots are busy — the coordinator may briefly over-assign after a restart),
/// forwards stop and pause, and frees the slot when a runner returns.
/// </summary>
internal sealed partial class NodeActor(
    NodeOptions options,
    IReadOnlyDictionary<string, ITrialRunner> runners,
    EventOutbox outbox) : Actor<NodeMessage>
{
    private readonly Dictionary<string, (int Attempt, int Slot, ActorRef<TrialMessage> Actor)> _running = new(StringComparer.Ordinal);
    private readonly Queue<StartTrialCommand> _waiting = new();
    private readonly bool[] _busy = new bool[options.Slots];
    private readonly List<Reply<bool>> _drainWaiters = [];
    private bool _draining;
    private bool _drainPause;

    protected override async Task ReceiveAsync(NodeMessage message)
    {
        switch (message)
        {
            case CommandReceived { Command: StartTrialCommand start }:
                OnStart(start);
                break;
            case CommandReceived { Command: StopTrialCommand stop }:
                OnStop(stop.TrialId, stop.Attempt, pause: false, stop.Reason);
                break;
            case CommandReceived { Command: PauseTrialCommand pause }:
                OnStop(pause.TrialId, pause.Attempt, pause: true, pause.Reason);
                break;
            case TrialExited exited:
                OnExited(exited);
                break;
            case DrainNode drain:
                await OnDrainAsync(drain);
                break;
            case GetNodeLoad load:
                load.Reply.Complete((_running.Count, _waiting.Count));
                break;
            default:
                LogUnhandled(Context.Logger, message.GetType().Name);
                break;
        }
    }

    private void OnStart(StartTrialCommand start)
    {
        if (_running.TryGetValue(start.TrialId, out var current) && current.Attempt >= start.Attempt)
        {
            return;
        }

        if (_draining)
        {
            // Not taking new work: report it as stopped without running, so the coordinator requeues it.
            outbox.Own(start.TrialId, start.Attempt, -1);
            outbox.Add(seq => new TrialEndedEvent(seq, start.TrialId, start.Attempt, TrialOutcomeKind.Stopped, null, start.ResumeStep, start.ResumeFrom, "node is shutting down"));
            return;
        }

        var slot = Array.IndexOf(_busy, false);
        if (slot < 0)
        {
            _waiting.Enqueue(start);
            return;
        }

        Launch(start, slot);
    }

    private void Launch(StartTrialCommand start, int slot)
    {
        var runnerKind = start.Spec.Runner.Kind == "command" ? "command:" + start.Spec.Runner.Template : start.Spec.Runner.Kind;
        outbox.Own(start.TrialId, start.Attempt, slot);
        if (!runners.TryGetValue(runnerKind, out var runner))
        {
            outbox.Add(seq => new TrialEndedEvent(seq, start.TrialId, start.Attempt, TrialOutcomeKind.Failed, null, 0, null,
                $"node {options.NodeId} has no runner '{runnerKind}' (it has: {string.Join(", ", runners.Keys.Order(StringComparer.Ordinal))})"));
            return;
        }

        _busy[slot] = true;
        var key = start.Key;
        var directory = Path.Combine(options.WorkDirectory, Safe(key.SweepId), $"c{key.ConfigIndex}-w{key.InitSeed}-d{key.OrderSeed}");
        var stop = new CancellationTokenSource();
        var pause = new CancellationTokenSource();
        var training = SpecExpansion.ConfigFor(start.Spec, key.ConfigIndex);
        var context = new TrialContext(
            key, start.Attempt, start.Spec, training, directory, start.ResumeFrom,
            start.PauseAtFraction, new OutboxReporter(outbox, start.TrialId, start.Attempt), Context.Time,
            options.ThreadsFor(training.Threads), stop.Token, pause.Token, slot);
        var node = Context.Self;
        var actor = Context.System.Spawn(
            $"trial-{Safe(start.TrialId)}-a{start.Attempt}",
            () => new TrialActor(start, slot, runner, context, stop, pause, outbox, node),
            new SupervisionOptions(MaxRestarts: 0));
        _running[start.TrialId] = (start.Attempt, slot, actor);
    }

    private void OnStop(string trialId, int attempt, bool pause, string reason)
    {
        if (_running.TryGetValue(trialId, out var r) && r.Attempt == attempt)
        {
            r.Actor.Tell(pause ? new PauseRunner(reason) : new StopRunner(reason));
            return;
        }

        // Not started yet: drop it from the waiting queue and report it ended.
        var waiting = _waiting.FirstOrDefault(w => w.TrialId == trialId && w.Attempt == attempt);
        if (waiting is not null)
        {
            var rest = _waiting.Where(w => w != waiting).ToList();
            _waiting.Clear();
            foreach (var w in rest)
            {
                _waiting.Enqueue(w);
            }

            outbox.Own(trialId, attempt, -1);
            var outcome = pause ? TrialOutcomeKind.Paused : TrialOutcomeKind.Stopped;
            outbox.Add(seq => new TrialEndedEvent(seq, trialId, attempt, outcome, null, waiting.ResumeStep, waiting.ResumeFrom, reason));
        }
    }

    private void OnExited(TrialExited exited)
    {
        if (_running.TryGetValue(exited.TrialId, out var r) && r.Attempt == exited.Attempt)
        {
            _running.Remove(exited.TrialId);
        }

        _busy[exited.Slot] = false;
        while (!_draining && _waiting.Count > 0 && Array.IndexOf(_busy, false) is var slot and >= 0)
        {
            Launch(_waiting.Dequeue(), slot);
        }

        CompleteDrainIfIdle();
    }

    private async Task OnDrainAsync(DrainNode drain)
    {
        _draining = true;
        _drainPause |= drain.Pause;
        _drainWaiters.Add(drain.Reply);
        while (_waiting.Count > 0)
        {
            var w = _waiting.Dequeue();
            outbox.Own(w.TrialId, w.Attempt, -1);
            outbox.Add(seq => new TrialEndedEvent(seq, w.TrialId, w.Attempt, TrialOutcomeKind.Stopped, null, w.ResumeStep, w.ResumeFrom, "node is shutting down"));
        }

        foreach (var r in _running.Values)
        {
            r.Actor.Tell(_drainPause ? new PauseRunner("node is shutting down") : new StopRunner("node is shutting down"));
        }

        CompleteDrainIfIdle();
        await Task.CompletedTask;
    }

    private void CompleteDrainIfIdle()
    {
        if (_draining && _running.Count == 0)
        {
            foreach (var waiter in _drainWaiters)
            {
                waiter.Complete(true);
            }

            _drainWaiters.Clear();
        }
    }

    private static string Safe(string name) => name.Replace('/', '_').Replace('\\', '_');
}
