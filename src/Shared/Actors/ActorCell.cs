using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;

namespace SweepCluster.Shared.Actors;

/// <summary>
/// The runtime behind one <see cref="ActorRef{TMessage}"/>: the mailbox (an
/// <see cref="ActionBlock{TInput}"/> with one message at a time), the current instance, the
/// restart bookkeeping and the asks waiting for an answer.
/// Message handling and supervision are in <c>ActorCell.Mailbox.cs</c>.
/// </summary>
internal sealed partial class ActorCell<TMessage> : IActorCell
    where TMessage : class
{
    internal const string StoppedReason = "Actor was stopped.";
    internal const string RestartLimitReason = "Actor exceeded its restart limit.";

    private readonly ActorSystem _system;
    private readonly Func<Actor<TMessage>> _factory;
    private readonly SupervisionOptions _supervision;
    private readonly ILogger _logger;
    private readonly ActionBlock<Envelope<TMessage>> _mailbox;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly HashSet<IPendingReply> _pendingReplies = [];
    private bool _repliesClosed;
    private string? _stopReason;

    public ActorCell(
        ActorSystem system, string name, Func<Actor<TMessage>> factory, SupervisionOptions supervision, ILogger logger)
    {
        _system = system;
        _factory = factory;
        _supervision = supervision;
        _logger = logger;
        Path = "/user/" + name;
        Self = new ActorRef<TMessage>(this);
        _mailbox = new ActionBlock<Envelope<TMessage>>(
            ProcessAsync,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, EnsureOrdered = true });
    }

    public string Path { get; }

    public ActorRef<TMessage> Self { get; }

    public Task Completion => _terminated.Task;

    public bool IsStopped => Volatile.Read(ref _stopReason) is not null;

    /// <summary>Messages in the mailbox not yet being handled.</summary>
    public int QueuedCount => _mailbox.InputCount;

    /// <summary>Queues the start signal and begins watching for termination. Called once, after registration.</summary>
    public void Start()
    {
        _mailbox.Post(Envelope<TMessage>.Start);
        _ = RunUntilTerminatedAsync();
    }

    public bool Tell(TMessage message, IPendingReply? reply)
    {
        if (Volatile.Read(ref _stopReason) is null && _mailbox.Post(new Envelope<TMessage>(message, reply)))
        {
            return true;
        }

        DeadLetter(message, reply, Volatile.Read(ref _stopReason) ?? StoppedReason);
        return false;
    }

    public Task StopAsync(string reason)
    {
        RequestStop(reason);
        return Completion;
    }

    public async Task<TReply> AskAsync<TReply>(
        Func<Reply<TReply>, TMessage> build, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = new Reply<TReply>();
        var message = build(reply) ?? throw new InvalidOperationException("The ask message builder returned null.");
        Track(reply);
        try
        {
            Tell(message, reply);
            using var timer = reply.IsCompleted || timeout == Timeout.InfiniteTimeSpan
                ? null
                : _system.Time.CreateTimer(
                    _ => ((IPendingReply)reply).TryFail(new AskTimeoutException(
                        $"Actor {Path} did not answer {message.GetType().Name} within {timeout}.")),
                    null,
                    timeout,
                    Timeout.InfiniteTimeSpan);
            using var registration = cancellationToken.Register(() => reply.Cancel(cancellationToken));
            return await reply.Task.ConfigureAwait(false);
        }
        finally
        {
            Untrack(reply);
        }
    }

    /// <summary>Marks the actor as stopping (first reason wins) and closes the mailbox to new messages.</summary>
    private void RequestStop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _mailbox.Complete();
    }

    private void DeadLetter(TMessage message, IPendingReply? reply, string reason)
    {
        reply?.TryFail(new ActorStoppedException($"Actor {Path} is stopped: {reason}"));
        _system.PublishDeadLetter(new DeadLetter(Path, message, reason));
    }

    private void Track(IPendingReply reply)
    {
        lock (_gate)
        {
            if (!_repliesClosed)
            {
                _pendingReplies.Add(reply);
                return;
            }
        }

        reply.TryFail(new ActorStoppedException($"Actor {Path} is stopped."));
    }

    private void Untrack(IPendingReply reply)
    {
        lock (_gate)
        {
            _pendingReplies.Remove(reply);
        }
    }

    /// <summary>Waits for the mailbox to drain after a stop, then runs PostStop and fails unanswered asks.</summary>
    private async Task RunUntilTerminatedAsync()
    {
        try
        {
            await _mailbox.Completion.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            ActorSystem.LogMailboxFault(_logger, error, Path);
        }

        if (_instance is { } last)
        {
            try
            {
                await last.PostStopAsync().ConfigureAwait(false);
            }
            catch (Exception error)
            {
                ActorSystem.LogPostStopFailed(_logger, error, Path);
            }
        }

        IPendingReply[] orphans;
        lock (_gate)
        {
            _repliesClosed = true;
            orphans = [.. _pendingReplies];
            _pendingReplies.Clear();
        }

        foreach (var orphan in orphans)
        {
            orphan.TryFail(new ActorStoppedException($"Actor {Path} stopped before answering."));
        }

        _system.Unregister(this);
        ActorSystem.LogActorStopped(_logger, Path, Volatile.Read(ref _stopReason) ?? StoppedReason);
        _terminated.TrySetResult();
    }
}
