using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Scheduling;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Nodes;

/// <summary>
/// Node membership: registration, leases renewed by syncs and expired on the injected clock, and a
/// per-node command outbox that is re-sent until acknowledged. A node known from the journal but not
/// yet re-registered after a coordinator restart is unconfirmed: its syncs are answered "unknown"
/// (so it re-registers and reports what it still runs), and if it never comes back its lease expires
/// like any other and its trials are requeued.
/// <para>
/// Lease grace: leases are not checked until the coordinator is open (<see cref="OpenLeases"/>, or
/// <paramref name="isOpen"/> at a restart: its sweeps are recovered and it answers nodes), and then every known node gets a full lease from
/// that moment, however long recovery took; after a supervised restart of this actor, from the
/// restart. Likewise, when the lease check itself ran late by more than a lease (the coordinator
/// process was frozen or starved), nobody is declared Lost for the silence: every node gets a full
/// lease from the late check. A node is Lost only for a lease during which the coordinator listened.
/// </para>
/// </summary>
internal sealed partial class NodeRegistry(
    IJournal journal,
    ActorRef<SchedulerMessage> scheduler,
    SweepDirectory sweeps,
    NodeRegistryOptions options,
    Func<bool> isOpen) : Actor<RegistryMessage>
{
    private readonly Dictionary<string, NodeEntry> _nodes = new(StringComparer.Ordinal);
    private ITimer? _leaseTimer;
    private long _nextWaiter;
    private DateTimeOffset _lastCheck;

    protected override async Task PreStartAsync()
    {
        var now = Context.Time.GetUtcNow();
        var events = await journal.ReadAsync(Streams.Cluster, 1, long.MaxValue);
        foreach (var stored in events)
        {
            switch (stored.Event)
            {
                case NodeJoined joined:
                    _nodes[joined.NodeId] = new NodeEntry(joined.NodeId, joined.Slots, now, confirmed: false);
                    break;
                case NodeLost lost:
                    _nodes.Remove(lost.NodeId);
                    break;
                default:
                    break;
            }
        }

        if (isOpen())
        {
            StartLeases();
        }
    }

    /// <summary>Every known node's lease starts now; from now on leases are checked.</summary>
    private void StartLeases()
    {
        var now = Context.Time.GetUtcNow();
        foreach (var node in _nodes.Values)
        {
            node.LastSeen = now;
        }

        _lastCheck = now;
        var self = Context.Self;
        var time = Context.Time;
        _leaseTimer?.Dispose();
        _leaseTimer = time.CreateTimer(
            _ => self.Tell(new CheckLeases(time.GetUtcNow())), null, options.LeaseCheckInterval, options.LeaseCheckInterval);
    }

    protected override Task PostStopAsync()
    {
        _leaseTimer?.Dispose();
        foreach (var node in _nodes.Values)
        {
            node.WaiterTimer?.Dispose();
        }

        return Task.CompletedTask;
    }

    protected override async Task ReceiveAsync(RegistryMessage message)
    {
        switch (message)
        {
            case RegisterNodeRequest register:
                await OnRegisterAsync(register);
                break;
            case PollCommands poll:
                OnPoll(poll);
                break;
            case NodeSeen seen:
                if (_nodes.TryGetValue(seen.NodeId, out var seenNode) && seenNode.Confirmed)
                {
                    seenNode.LastSeen = Context.Time.GetUtcNow();
                }

                break;
            case MarkDraining draining:
                if (_nodes.TryGetValue(draining.NodeId, out var leaving) && !leaving.Draining)
                {
                    leaving.Draining = true;
                    scheduler.Tell(new NodeDown(leaving.NodeId));
                }

                draining.Reply.Complete(true);
                break;
            case EnqueueCommands enqueue:
                OnEnqueue(enqueue);
                break;
            case HoldExpired expired:
                if (_nodes.TryGetValue(expired.NodeId, out var held) && held.WaiterId == expired.WaiterId)
                {
                    held.CompleteWaiter(new SyncReply(NodeProtocol.Version, true, 0, [.. held.Outbox]));
                }

                break;
            case CheckLeases check:
                await OnCheckLeasesAsync(check.At);
                break;
            case OpenLeases open:
                StartLeases();
                open.Reply.Complete(true);
                break;
            case ListNodes list:
                list.Reply.Complete([.. _nodes.Values.OrderBy(n => n.NodeId, StringComparer.Ordinal)
                    .Select(n => new NodeView(n.NodeId, n.Slots, n.Confirmed, n.LastSeen, n.Outbox.Count))]);
                break;
            default:
                LogUnhandled(Context.Logger, message.GetType().Name);
                break;
        }
    }

    private async Task OnRegisterAsync(RegisterNodeRequest register)
    {
        var r = register.Request;
        try
        {
            if (r.ProtocolVersion != NodeProtocol.Version)
            {
                throw new InvalidOperationException($"node {r.NodeId} speaks protocol {r.ProtocolVersion}, this coordinator speaks {NodeProtocol.Version}");
            }

            await journal.AppendAsync(Streams.Cluster, [new NodeJoined(r.NodeId, r.Slots, string.Join(',', r.Runners))], Context.Time.GetUtcNow());
        }
        catch (Exception ex)
        {
            register.Reply.Fail(ex);
            throw;
        }

        if (_nodes.Remove(r.NodeId, out var old))
        {
            // A fresh registration starts a fresh command session: the node forgot the old numbering.
            old.CompleteWaiter(new SyncReply(NodeProtocol.Version, false, 0, []));
        }

        var entry = new NodeEntry(r.NodeId, r.Slots, Context.Time.GetUtcNow(), confirmed: true);
        _nodes[r.NodeId] = entry;
        LogRegistered(Context.Logger, r.NodeId, r.Slots, r.Running.Count);

        scheduler.Tell(new NodeUp(r.NodeId, r.Slots));
        foreach (var sweep in sweeps.All)
        {
            sweep.Tell(new NodeRegisteredNotice(r.NodeId, r.Running));
        }

        // Trials of sweeps this coordinator no longer runs are told to stop.
        foreach (var running in r.Running)
        {
            if (!sweeps.TryGet(TrialKey.Parse(running.TrialId).SweepId, out _))
            {
                Enqueue(entry, new StopTrialCommand(0, running.TrialId, running.Attempt, "sweep is not active"));
            }
        }

        register.Reply.Complete(new RegisterReply(NodeProtocol.Version, r.NodeId, options.Lease.TotalSeconds, options.Heartbeat.TotalSeconds));
    }

    private void OnPoll(PollCommands poll)
    {
        if (!_nodes.TryGetValue(poll.NodeId, out var node) || !node.Confirmed)
        {
            poll.Reply.Complete(new SyncReply(NodeProtocol.Version, false, 0, []));
            return;
        }

        node.LastSeen = Context.Time.GetUtcNow();
        if (poll.Draining && !node.Draining)
        {
            // Without this the scheduler keeps handing the draining node's slots to requeued trials,
            // which it refuses at once: a loop that only burns attempt numbers.
            node.Draining = true;
            scheduler.Tell(new NodeDown(node.NodeId));
        }

        node.Outbox.RemoveAll(c => c.Seq <= poll.AckedCommandSeq);
        node.CompleteWaiter(new SyncReply(NodeProtocol.Version, true, 0, []));
        if (node.Outbox.Count > 0 || !poll.Hold || options.MaxHold == TimeSpan.Zero)
        {
            poll.Reply.Complete(new SyncReply(NodeProtocol.Version, true, 0, [.. node.Outbox]));
            return;
        }

        var waiterId = ++_nextWaiter;
        var self = Context.Self;
        var nodeId = node.NodeId;
        node.Waiter = poll.Reply;
        node.WaiterId = waiterId;
        node.WaiterTimer = Context.Time.CreateTimer(
            _ => self.Tell(new HoldExpired(nodeId, waiterId)), null, options.MaxHold, Timeout.InfiniteTimeSpan);
    }

    private void OnEnqueue(EnqueueCommands enqueue)
    {
        if (!_nodes.TryGetValue(enqueue.NodeId, out var node) || !node.Confirmed)
        {
            LogDropped(Context.Logger, enqueue.Commands.Count, enqueue.NodeId);
            return;
        }

        foreach (var command in enqueue.Commands)
        {
            Enqueue(node, command);
        }
    }

    private void Enqueue(NodeEntry node, NodeCommand command)
    {
        var queued = command with { Seq = node.NextSeq++ };
        node.Outbox.Add(queued);
        LogCommandQueued(Context.Logger, queued.GetType().Name, queued.Seq, queued.TrialId, node.NodeId, node.Waiter is not null);
        if (node.Waiter is not null)
        {
            node.CompleteWaiter(new SyncReply(NodeProtocol.Version, true, 0, [.. node.Outbox]));
        }
    }

    /// <param name="now">When the timer fired: a tick that fired long after the previous one means this process was not running.</param>
    private async Task OnCheckLeasesAsync(DateTimeOffset now)
    {
        var gap = now - _lastCheck;
        _lastCheck = now;
        if (gap > options.Lease + options.LeaseCheckInterval)
        {
            // This process was not running (frozen, starved): the nodes' silence is ours.
            LogLateCheck(Context.Logger, gap.TotalSeconds);
            foreach (var node in _nodes.Values)
            {
                node.LastSeen = now;
            }

            return;
        }

        foreach (var node in _nodes.Values.Where(n => now - n.LastSeen > options.Lease).ToList())
        {
            var reason = $"no sync for {(now - node.LastSeen).TotalSeconds:F1} s (lease {options.Lease.TotalSeconds:F1} s)";
            await journal.AppendAsync(Streams.Cluster, [new NodeLost(node.NodeId, reason)], now);
            _nodes.Remove(node.NodeId);
            node.CompleteWaiter(new SyncReply(NodeProtocol.Version, false, 0, []));
            LogLost(Context.Logger, node.NodeId, reason);
            scheduler.Tell(new NodeDown(node.NodeId));
            foreach (var sweep in sweeps.All)
            {
                sweep.Tell(new NodeLostNotice(node.NodeId));
            }
        }
    }
}
