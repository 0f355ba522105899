using Microsoft.Extensions.Logging;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Agent;

/// <summary>
/// A node agent: registers with a coordinator through an <see cref="ICoordinatorLink"/>, keeps its
/// lease alive with syncs that deliver events and fetch commands (long-poll), and runs trials in
/// its slots. While the coordinator is unreachable it keeps running and keeps its events; when the
/// coordinator answers again (or forgets it), it re-registers, claims the trials it still owns and
/// redelivers. Delivery is idempotent on the coordinator's side.
/// </summary>
public sealed partial class NodeAgent : IAsyncDisposable
{
    private readonly ICoordinatorLink _link;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ActorSystem _system;
    private readonly ActorRef<NodeMessage> _node;
    private readonly EventOutbox _outbox;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IReadOnlyList<string> _runnerKinds;
    private Task _loop = Task.CompletedTask;
    private volatile bool _draining;

    private NodeAgent(ICoordinatorLink link, NodeOptions options, IEnumerable<ITrialRunner> runners, TimeProvider time, ILoggerFactory loggerFactory)
    {
        options.Validate();
        _link = link;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<NodeAgent>();
        var byKind = runners.ToDictionary(r => r.Kind, StringComparer.Ordinal);
        _runnerKinds = [.. byKind.Keys.Order(StringComparer.Ordinal)];
        _outbox = OpenOutbox(options, loggerFactory);
        _system = new ActorSystem(loggerFactory, time);
        _node = _system.Spawn("node", () => new NodeActor(options, byKind, _outbox));
    }

    /// <summary>This node's id.</summary>
    public string NodeId => _options.NodeId;

    /// <summary>Events not yet acknowledged by the coordinator.</summary>
    public int PendingEvents => _outbox.PendingCount;

    /// <summary>Trials this node runs or has not yet delivered the end of.</summary>
    internal IReadOnlyList<RunningTrial> OwnedTrials() => _outbox.Owned();

    /// <summary>Creates the agent and starts its sync loop.</summary>
    public static NodeAgent Start(
        ICoordinatorLink link, NodeOptions options, IEnumerable<ITrialRunner> runners, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var agent = new NodeAgent(link, options, runners, time, loggerFactory);
        agent._loop = Task.Run(() => agent.SyncLoopAsync(agent._stopping.Token));
        return agent;
    }

    /// <summary>
    /// Graceful stop: takes no new work, pauses (checkpoints) or stops running trials, delivers
    /// their last events while the coordinator answers (bounded by <paramref name="flushTimeout"/>),
    /// then stops syncing.
    /// </summary>
    public async Task StopAsync(bool pauseRunning, TimeSpan flushTimeout, CancellationToken cancellationToken = default)
    {
        _draining = true;
        await _node.AskAsync<bool>(reply => new DrainNode(pauseRunning, reply), flushTimeout, cancellationToken);
        var deadline = _time.GetUtcNow() + flushTimeout;
        while (_outbox.PendingCount > 0 && _time.GetUtcNow() < deadline && !_loop.IsCompleted)
        {
            await Task.WhenAny(_outbox.Changed, Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken));
        }

        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _outbox.Flush();
    }

    /// <summary>
    /// Abrupt stop (as if the process died): runners are abandoned; pending events are lost, except
    /// what the on-disk outbox (<see cref="NodeOptions.OutboxDirectory"/>) already holds.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _system.DisposeAsync();
        _outbox.Dispose();
        _stopping.Dispose();
    }

    private EventOutbox OpenOutbox(NodeOptions options, ILoggerFactory loggerFactory)
    {
        if (options.OutboxDirectory is null)
        {
            return new EventOutbox();
        }

        var (log, recovered) = FileOutboxLog.Open(options.OutboxDirectory, options.NodeId, loggerFactory.CreateLogger<FileOutboxLog>());
        LogOutboxOpened(_logger, log.FilePath, recovered.Events.Count, recovered.Events.OfType<TrialEndedEvent>().Count(), recovered.NextSeq);
        if (recovered.AbandonedEvents > 0 || recovered.CorruptRecords > 0 || recovered.TornTail)
        {
            LogOutboxDropped(_logger, log.FilePath, recovered.AbandonedEvents, recovered.CorruptRecords, recovered.TornTail);
        }

        return new EventOutbox(log, recovered);
    }

    private async Task SyncLoopAsync(CancellationToken stopping)
    {
        var registered = false;
        long lastCommand = 0;
        var delay = TimeSpan.FromMilliseconds(50);
        while (!stopping.IsCancellationRequested)
        {
            var batch = (IReadOnlyList<NodeEvent>)[];
            try
            {
                if (!registered)
                {
                    await _link.RegisterAsync(
                        new RegisterNode(NodeProtocol.Version, _options.NodeId, _options.Slots, _runnerKinds, _outbox.Owned()), stopping);
                    registered = true;
                    lastCommand = 0;
                    LogRegistered(_logger, _options.NodeId);
                }

                var changed = _outbox.Changed;
                batch = _outbox.Peek(_options.MaxEventsPerSync);
                var hold = batch.Count == 0;
                var sync = _link.SyncAsync(new SyncRequest(NodeProtocol.Version, _options.NodeId, lastCommand, batch, hold, _draining), stopping);
                if (hold && await Task.WhenAny(sync, changed) != sync)
                {
                    // New events while the poll is held: send them in a new sync and leave the held one to the
                    // coordinator, which answers it as soon as the new sync reaches it. Cancelling it instead
                    // would close its HTTP/1.1 connection: a new connection for every burst of events. Its
                    // reply can be dropped: a command stays in the coordinator's outbox for this node until a
                    // later sync acknowledges it, so the new sync's reply carries whatever this one would.
                    _ = sync.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    continue;
                }

                var reply = await sync;
                if (!reply.Known)
                {
                    registered = false;
                    continue;
                }

                if (batch.Count > 0)
                {
                    _outbox.Ack(reply.AckedEventSeq);
                }

                foreach (var command in reply.Commands)
                {
                    if (command.Seq > lastCommand)
                    {
                        lastCommand = command.Seq;
                        LogCommandReceived(_logger, _options.NodeId, command.Seq, command.TrialId);
                        _node.Tell(new CommandReceived(command));
                    }
                }

                delay = TimeSpan.FromMilliseconds(50);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogSyncFailed(_logger, _options.NodeId, ex.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _time, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

}
